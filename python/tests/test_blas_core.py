"""blas_core: the OpenBLAS kernels the library runs on, the faster ones to ask for, and that
asking (OPENBLAS_CORETYPE set before the library loads) is honoured."""

import json
import os
import platform
import subprocess
import sys

import pytest

import agent_economies
from agent_economies import _blas

AVX512 = {"avx512f", "avx512dq", "avx512bw", "avx512vl"}


def test_faster_core_rule():
    assert _blas._faster_core("Prescott", frozenset(AVX512 | {"avx2", "fma"})) == "SkylakeX"
    assert _blas._faster_core("NEHALEM", frozenset({"avx2", "fma"})) == "Haswell"
    # A core that already uses AVX2 or AVX-512 is left alone, whatever the flags.
    assert _blas._faster_core("Haswell", frozenset(AVX512)) is None
    assert _blas._faster_core("SkylakeX", frozenset(AVX512)) is None
    # No faster kernels without the flags they need (AVX-512 without VL, AVX2 without FMA).
    assert _blas._faster_core("Prescott", frozenset({"avx512f", "avx512dq", "avx512bw"})) is None
    assert _blas._faster_core("Prescott", frozenset({"avx2"})) is None
    assert _blas._faster_core("Prescott", frozenset()) is None


def test_cpu_flags_from_cpuinfo(tmp_path):
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text("processor\t: 0\nflags\t\t: fpu sse2 avx2 fma\nflags\t\t: other\n")
    assert _blas._cpu_flags(str(cpuinfo)) == frozenset({"fpu", "sse2", "avx2", "fma"})
    assert _blas._cpu_flags(str(tmp_path / "missing")) == frozenset()
    (tmp_path / "empty").write_text("processor\t: 0\n")
    assert _blas._cpu_flags(str(tmp_path / "empty")) == frozenset()


def core_in_fresh_process(coretype):
    """blas_core() in a new interpreter, OPENBLAS_CORETYPE set to `coretype` (None: unset)."""
    environment = {key: value for key, value in os.environ.items() if key != "OPENBLAS_CORETYPE"}
    if coretype is not None:
        environment["OPENBLAS_CORETYPE"] = coretype
    script = "import json, agent_economies; print(json.dumps(agent_economies.blas_core()))"
    output = subprocess.run([sys.executable, "-c", script], env=environment, check=True,
                            capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def test_blas_core_in_this_process():
    info = agent_economies.blas_core()
    assert set(info) == {"core", "faster"}
    assert isinstance(info["core"], str) and info["core"]
    if os.environ.get("OPENBLAS_CORETYPE"):
        assert info["faster"] is None


@pytest.mark.skipif(platform.machine() not in ("x86_64", "AMD64"), reason="OpenBLAS core types of x86-64")
def test_the_advice_is_honoured():
    plain = core_in_fresh_process(None)
    if plain["core"] == "unknown":
        pytest.skip("the library's BLAS is not OpenBLAS")
    flags = _blas._cpu_flags()
    # The suggested core where there is one; else Haswell where the processor has AVX2 and FMA.
    wanted = plain["faster"] or ("Haswell" if {"avx2", "fma"} <= flags else None)
    if wanted is None:
        pytest.skip("no AVX2 on this processor")
    forced = core_in_fresh_process(wanted)
    assert forced["core"].lower() == wanted.lower()
    assert forced["faster"] is None, "a core type set on purpose is not second-guessed"
