"""Types shared by the kernel modules: the base of the option enums, the unpacking of result
dataclasses, and the recognition of scipy sparse matrices (without importing scipy).

Pure Python; loads no native library.
"""

from __future__ import annotations

import enum
import sys
from typing import Any, Iterator, Protocol, Tuple, Union

__all__ = ["OptionEnum", "Unpackable", "Keyed", "SparseMatrix", "is_sparse"]


class OptionEnum(str, enum.Enum):
    """Base of the enums of option strings: each member *is* its string.

    A member compares and hashes as its value, so a function that takes an option accepts
    the member and the plain string alike, and ``str()`` and ``format()`` give the value (as
    ``enum.StrEnum`` does on Python 3.11 and later; this package supports 3.9).

    Examples
    --------
    >>> from agent_economies.auction import Solver
    >>> Solver.TATONNEMENT == "tatonnement"
    True
    >>> str(Solver.COMPETITIVE_EQUILIBRIUM)
    'competitive_equilibrium'
    >>> Solver("tatonnement") is Solver.TATONNEMENT
    True
    """

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)


class Unpackable:
    """Mixin for result dataclasses that an earlier version returned as a tuple.

    The result also behaves as that tuple of its fields, in order: it unpacks
    (``first, second, scores = ...``), indexes (``result[0]``) and has the tuple's length, so
    code written against the tuple keeps working.

    Examples
    --------
    >>> import numpy as np
    >>> from agent_economies.identity import SimilarPairs
    >>> pairs = SimilarPairs(np.array([0]), np.array([1]), np.array([0.9]))
    >>> first, second, scores = pairs
    >>> int(second[0]), pairs[2] is pairs.scores, len(pairs)
    (1, True, 3)
    """

    __slots__ = ()

    def _fields(self) -> Tuple[Any, ...]:
        fields: dict[str, Any] = getattr(self, "__dataclass_fields__")
        return tuple(getattr(self, name) for name in fields)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._fields())

    def __getitem__(self, index: Union[int, slice]) -> Any:
        return self._fields()[index]

    def __len__(self) -> int:
        return len(getattr(self, "__dataclass_fields__"))


class Keyed:
    """Mixin for result dataclasses that an earlier version returned as a dict: ``result[name]``
    reads the field `name`, so code written against the dict keeps working.

    Examples
    --------
    >>> from agent_economies import permeability
    >>> state = permeability.Model().state()
    >>> state["effective_permeability"] == state.effective_permeability
    True
    >>> state["nothing"]
    Traceback (most recent call last):
    ...
    KeyError: 'nothing'
    """

    __slots__ = ()

    def __getitem__(self, key: str) -> Any:
        if not isinstance(key, str) or key not in getattr(self, "__dataclass_fields__"):
            raise KeyError(key)
        return getattr(self, key)


class SparseMatrix(Protocol):
    """What the functions that take CSR input read of a scipy sparse matrix or array
    (``csr_array``, ``csr_matrix``, or any other format, converted with ``tocsr()``).

    Examples
    --------
    >>> import numpy as np, scipy.sparse
    >>> from agent_economies import identity
    >>> matrix = scipy.sparse.coo_array(np.array([[3.0, 1.0], [3.0, 1.0]]))
    >>> [cluster.tolist() for cluster in identity.sybil_clusters(matrix, threshold=0.7)]
    [[0, 1]]
    """

    @property
    def shape(self) -> Tuple[int, ...]: ...

    def tocsr(self) -> Any: ...


def is_sparse(value: object) -> bool:
    """Whether `value` is a scipy sparse matrix or array.

    scipy is never imported here: a scipy sparse object can only exist once ``scipy.sparse``
    is loaded, so without it in ``sys.modules`` the answer is False.

    Parameters
    ----------
    value : object
        Anything.

    Returns
    -------
    bool
        ``scipy.sparse.issparse(value)`` when scipy is loaded, else False.

    Examples
    --------
    >>> import numpy as np
    >>> is_sparse(np.eye(2))
    False
    >>> import scipy.sparse
    >>> is_sparse(scipy.sparse.csr_array(np.eye(2)))
    True
    """
    module = sys.modules.get("scipy.sparse")
    return module is not None and bool(module.issparse(value))
