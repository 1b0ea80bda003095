"""Argument checks shared by the kernel modules (pure Python and numpy; no native library).

The C ABI checks every value it is given, but it can only trust the lengths it is told: a
pointer with a count larger than its buffer would be read out of bounds, and ctypes wraps an
int that does not fit its C type without a word. So everything that decides how much native
code reads, and every conversion to a C type, is checked here first. Each check raises
TypeError (wrong type, None) or ValueError (wrong shape, length, range or option) with a
message that starts with the argument's name and shows the bad value.
"""

import math
import numbers
from collections.abc import Mapping

import numpy as np

INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
UINT64_MAX = 2**64 - 1


def describe(value):
    """A short repr of a bad value with its type, for messages."""
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{text} ({type(value).__name__})"


def _scalar(value, kinds):
    """A 0-d numpy array of one of `kinds` as its Python scalar, else `value` unchanged."""
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in kinds:
        return value.item()
    return value


def _range_text(low, high):
    if high in (INT64_MAX, UINT64_MAX) and low in (0, 1):
        return f">= {low}"
    return f"in [{low}, {high}]"


def check_int(name, value, low=INT64_MIN, high=INT64_MAX):
    """`value` as a Python int in [low, high] (default: int64). Accepts int and numpy integers;
    raises TypeError for anything else (bool, float, str, None) and ValueError out of range."""
    value = _scalar(value, "iu")
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name}: expected an int, got {describe(value)}")
    value = int(value)
    if not low <= value <= high:
        raise ValueError(f"{name}: must be {_range_text(low, high)}, got {value}")
    return value


def check_int32(name, value, low=INT32_MIN):
    """`value` as a Python int that fits a C int32_t (and is >= low)."""
    return check_int(name, value, low, INT32_MAX)


def check_count(name, value, high=INT64_MAX):
    """A size or position: an int in [0, high]."""
    return check_int(name, value, 0, high)


def check_float(name, value, finite=False):
    """`value` as a Python float. Accepts int, float and numpy numbers; raises TypeError for
    anything else (bool, str, None) and, with `finite`, ValueError for NaN or infinity. (Most
    finiteness and range rules are the library's, which names the field itself.)"""
    value = _scalar(value, "iuf")
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name}: expected a real number, got {describe(value)}")
    try:
        result = float(value)
    except (OverflowError, ValueError) as error:
        raise ValueError(f"{name}: {value!r} does not fit a double ({error})") from None
    if finite and not math.isfinite(result):
        raise ValueError(f"{name}: must be finite, got {result}")
    return result


def check_option(name, value, choices):
    """The code of option string `value` in the mapping `choices`."""
    listing = ", ".join(repr(choice) for choice in sorted(choices))
    if not isinstance(value, str):
        raise TypeError(f"{name}: expected one of {listing}, got {describe(value)}")
    try:
        return choices[value]
    except KeyError:
        raise ValueError(f"{name}: {value!r} is not one of {listing}") from None


def check_names(name, value):
    """A list of strings from a sequence of names (not a single string)."""
    if value is None or isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        raise TypeError(f"{name}: expected a sequence of names (str), got {describe(value)}")
    names = list(value)
    for index, item in enumerate(names):
        if not isinstance(item, str):
            raise TypeError(f"{name}[{index}]: expected a name (str), got {describe(item)}")
    return names


def check_mapping(name, value, what):
    """`value` when it is a mapping (a dict), else TypeError."""
    if not isinstance(value, Mapping):
        raise TypeError(f"{name}: expected {what}, got {describe(value)}")
    return value


def check_attributes(name, value, fields, what):
    """`value` when it has every attribute in `fields`, else TypeError naming the first missing."""
    for field in fields:
        if not hasattr(value, field):
            raise TypeError(f"{name}: expected {what}, got {describe(value)} (no attribute {field!r})")
    return value


def _position(array, flat):
    """`[i]` or `[i][j]` of a flat index into `array`."""
    return "".join(f"[{i}]" for i in np.unravel_index(flat, array.shape))


def as_array(value, dtype, name, ndim):
    """`value` as a C-contiguous array of `dtype` with `ndim` dimensions: the array itself when
    it already is one (no copy), else one converted copy. Raises TypeError for None or a
    non-numeric value and ValueError for a ragged value, the wrong number of dimensions, or
    values that do not fit `dtype` (non-integral, or out of its range)."""
    if value is None:
        raise TypeError(f"{name}: expected an array, got None")
    try:
        array = np.asarray(value)
    except (ValueError, TypeError) as error:
        raise ValueError(f"{name}: not a rectangular numeric array ({error})") from None
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name}: expected a numeric array, got dtype {array.dtype}")
    if array.ndim != ndim:
        raise ValueError(f"{name}: expected a {ndim}-D array, got shape {array.shape}")
    target = np.dtype(dtype)
    if target.kind in "iu" and array.size and not np.can_cast(array.dtype, target, "safe"):
        if array.dtype.kind == "f":
            bad = ~(np.isfinite(array) & (array == np.round(array)))
            if bad.any():
                flat = int(np.flatnonzero(bad)[0])
                raise ValueError(f"{name}{_position(array, flat)}: must be an integer, got {array.flat[flat]}")
        info = np.iinfo(target)
        low, high = int(array.min()), int(array.max())
        if low < info.min or high > info.max:
            flat = int(np.flatnonzero(array == (low if low < info.min else high))[0])
            raise ValueError(f"{name}{_position(array, flat)}: {int(array.flat[flat])} does not fit {target} "
                             f"(must be in [{info.min}, {info.max}])")
    return np.ascontiguousarray(array, dtype=target)


def as_float_array(name, value, ndim, allow_nan=True):
    """A C-contiguous float64 array; with allow_nan=False, NaN and infinities are refused
    naming the first one."""
    array = as_array(value, np.float64, name, ndim)
    if not allow_nan and array.size:
        bad = ~np.isfinite(array)
        if bad.any():
            flat = int(np.flatnonzero(bad)[0])
            raise ValueError(f"{name}{_position(array, flat)}: values must be finite, got {array.flat[flat]}")
    return array


def as_index_array(name, value, upper, dtype=np.int32, lower=0, what="index"):
    """A 1-D int array whose values are in lower..<upper."""
    array = as_array(value, dtype, name, 1)
    check_range(name, array, lower, upper, what)
    return array


def check_range(name, array, lower, upper, what="index"):
    """Raises ValueError naming the first value of `array` outside lower..<upper (upper None:
    no upper bound)."""
    if array.size == 0:
        return
    if int(array.min()) >= lower and (upper is None or int(array.max()) < upper):
        return
    if upper is None:
        index = int(np.flatnonzero(array < lower)[0])
        raise ValueError(f"{name}[{index}]: {what} {int(array[index])} must be >= {lower}")
    index = int(np.flatnonzero((array < lower) | (array >= upper))[0])
    raise ValueError(f"{name}[{index}]: {what} {int(array[index])} is out of range {lower}..<{upper}")


def check_length(name, array, length, what):
    """Raises ValueError unless the 1-D `array` has `length` entries (`what` says why)."""
    if array.shape[0] != length:
        raise ValueError(f"{name}: expected {length} entries ({what}), got {array.shape[0]}")


def as_flags(name, value, shape, strict=True):
    """A C-contiguous uint8 array of 0/1 flags with the given shape. With `strict`, the value
    must be a boolean array (TypeError otherwise); else booleans or numbers that are 0 or 1."""
    if value is None:
        raise TypeError(f"{name}: expected a boolean array, got None")
    try:
        flags = np.asarray(value)
    except (ValueError, TypeError) as error:
        raise ValueError(f"{name}: not a rectangular array ({error})") from None
    if strict and flags.dtype != np.bool_:
        raise TypeError(f"{name}: expected a boolean array, got dtype {flags.dtype}")
    if flags.dtype.kind not in "biuf":
        raise TypeError(f"{name}: expected booleans or 0/1 numbers, got dtype {flags.dtype}")
    if flags.shape != tuple(shape):
        raise ValueError(f"{name}: expected shape {tuple(shape)}, got {flags.shape}")
    if flags.dtype == np.bool_:
        return np.ascontiguousarray(flags).view(np.uint8)
    bad = (flags != 0) & (flags != 1)
    if bad.any():
        flat = int(np.flatnonzero(bad)[0])
        raise ValueError(f"{name}{_position(flags, flat)}: must be 0 or 1 (or a boolean), got {flags.flat[flat]}")
    return np.ascontiguousarray(flags, dtype=np.uint8)


def check_csr(indptr_name, indptr, indices_name, indices, n_rows=None, n_cols=False, exact=True, what="column"):
    """Checks CSR offsets and indices (int arrays from `as_array`) before native code walks
    them: `indptr` has n_rows + 1 entries (at least one), starts at 0, never decreases, and
    its last entry equals len(indices) (with exact=False: is at most len(indices)); the
    indices it covers are in 0..<n_cols (n_cols None: >= 0; False: not checked)."""
    if indptr.shape[0] < 1:
        raise ValueError(f"{indptr_name}: expected at least one entry (rows + 1), got 0")
    if n_rows is not None and indptr.shape[0] != n_rows + 1:
        raise ValueError(f"{indptr_name}: expected {n_rows + 1} entries (rows + 1), got {indptr.shape[0]}")
    if indptr[0] != 0:
        raise ValueError(f"{indptr_name}: must start at 0, got {indptr_name}[0] = {int(indptr[0])}")
    steps = np.diff(indptr)
    if steps.size and steps.min() < 0:
        at = int(np.flatnonzero(steps < 0)[0]) + 1
        raise ValueError(f"{indptr_name}: not monotonic at {at} ({int(indptr[at - 1])} > {int(indptr[at])})")
    last, length = int(indptr[-1]), indices.shape[0]
    if last > length:
        raise ValueError(f"{indptr_name}: points past the data ({indptr_name}[-1] = {last}, but "
                         f"{indices_name} has {length} entries)")
    if exact and last != length:
        raise ValueError(f"{indptr_name}: {indptr_name}[-1] = {last} does not match the {length} entries of "
                         f"{indices_name}")
    if n_cols is not False:
        check_range(indices_name, indices[:last], 0, n_cols, what)


def check_unique_in_rows(indptr, indices, n_cols, name="indices"):
    """Raises ValueError when a row of a checked CSR matrix repeats a column."""
    last = int(indptr[-1])
    if last < 2:
        return
    columns = indices[:last].astype(np.int64)
    row_of = np.repeat(np.arange(indptr.shape[0] - 1, dtype=np.int64), np.diff(indptr))
    rising = np.diff(columns) > 0
    new_row = np.diff(row_of) > 0
    if np.all(rising | new_row):
        return  # every row strictly increasing: no repeats
    keys = np.sort(row_of * max(n_cols, 1) + columns)
    repeated = np.flatnonzero(keys[1:] == keys[:-1])
    if repeated.size:
        key = int(keys[repeated[0]])
        row, column = divmod(key, max(n_cols, 1))
        raise ValueError(f"{name}: column {column} is repeated in row {row} (columns must be unique within a row)")
