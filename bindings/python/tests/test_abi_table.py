"""The record table (sigmax_exec/_abi.py) is the header's records, field by field.

capi/sigmax_exec.h is the single source of truth for every record that
crosses the C ABI. The table must give each field the header's name, offset
and C type (array length included), as cffi parses the header: that part
needs cffi and the header only, not the library. Everything the bindings
derive from the table (struct formats, numpy dtypes, ctypes classes) must put
each field where the table does.
"""
import ctypes
import os
import re
import shutil
import struct
import subprocess
import sys

import pytest

from sigmax_exec import _abi, _loader

REQUIRE_NATIVE = os.environ.get("SIGMAX_EXEC_REQUIRE_NATIVE") == "1"
RECORD_NAMES = [r.name for r in _abi.RECORDS]
PKG_DIR = os.path.dirname(_abi.__file__)


def header_text():
    with open(_loader.header_path(), encoding="utf-8") as f:
        return f.read()


def parse(text):
    pytest.importorskip("cffi")
    return _loader.ffi_for(text)


@pytest.fixture(scope="module")
def header():
    return parse(header_text())


@pytest.fixture(scope="module")
def library():
    try:
        path = _loader.find_library()
    except _loader.LibraryNotFound as exc:
        if REQUIRE_NATIVE:
            pytest.fail(f"the library must load here: {exc}")
        pytest.skip(f"no library: {exc}")
    return path


def swap_fields(text, record, a, b):
    """The header text with the declarations of fields a and b of `record` swapped."""
    start = text.index(f"typedef struct {record} {{")
    end = text.index(f"}} {record};", start)
    body = text[start:end]
    decl = {name: re.search(rf"^ *[\w ]+ {name}(\[\d+\])?;.*$", body, re.M).group(0) for name in (a, b)}
    body = body.replace(decl[a], "\0").replace(decl[b], decl[a]).replace("\0", decl[b])
    return text[:start] + body + text[end:]


# Swaps of two fields: same type (only the names tell them apart), and different types (offsets move).
SWAPS = [("sgx_order", "price", "quantity"), ("sgx_report", "symbol", "fill_count"),
         ("sgx_order", "symbol", "price"), ("sgx_result", "report", "fill")]


@pytest.mark.parametrize("record", _abi.RECORDS, ids=RECORD_NAMES)
def test_every_field_of_every_record_has_the_headers_name_offset_and_type(header, record):
    problems = _abi.header_mismatches(header, [record])
    assert not problems, "\n".join(problems)


def test_every_record_the_header_declares_is_in_the_table(header):
    typedefs, _, _ = header.list_types()
    declared = {n for n in typedefs if header.typeof(n).kind == "struct" and header.typeof(n).fields is not None}
    assert declared == set(RECORD_NAMES)


@pytest.mark.parametrize("record", _abi.RECORDS, ids=RECORD_NAMES)
def test_every_record_has_the_librarys_size(library, record):
    fn = getattr(ctypes.CDLL(library), f"sgx_sizeof_{record.short}")
    fn.restype = ctypes.c_size_t
    assert fn() == record.size


@pytest.mark.parametrize("record,a,b", SWAPS, ids=[f"{r}.{a}<->{b}" for r, a, b in SWAPS])
def test_two_fields_swapped_in_the_header_are_reported_naming_the_record_and_both_fields(record, a, b):
    reordered = parse(swap_fields(header_text(), record, a, b))
    problems = _abi.header_mismatches(reordered)
    assert problems, f"swapping {record}.{a} and {record}.{b} went unnoticed"
    assert all(p.startswith(record) for p in problems), problems
    assert any(a in p and b in p for p in problems), problems
    with pytest.raises(ImportError, match=re.escape(record)):
        _abi.verify_header(reordered)


@pytest.mark.parametrize("forced", ["cffi", "ctypes"])
def test_a_native_backend_refuses_to_load_a_header_whose_fields_the_table_does_not_match(tmp_path, library, forced):
    pytest.importorskip("cffi")  # the ctypes backend reads the header through cffi when it can
    pkg = tmp_path / "sigmax_exec"
    shutil.copytree(PKG_DIR, pkg, ignore=shutil.ignore_patterns("__pycache__", "_include", "*.so*"))
    (pkg / "_include").mkdir()
    (pkg / "_include" / "sigmax_exec.h").write_text(swap_fields(header_text(), "sgx_order", "price", "quantity"))
    env = dict(os.environ, PYTHONPATH=str(tmp_path), SIGMAX_EXEC_BACKEND=forced, SIGMAX_EXEC_LIBRARY=library)
    r = subprocess.run([sys.executable, "-c", "import sigmax_exec"], capture_output=True, text=True, env=env,
                       timeout=120)
    assert r.returncode != 0
    assert "ImportError" in r.stderr and "sgx_order field 7" in r.stderr and "quantity" in r.stderr, r.stderr


def test_padding_the_c_compiler_inserts_is_where_the_table_computes_it():
    pytest.importorskip("cffi")
    inner = _abi.Record("t_inner", ("a", _abi.U8), ("b", _abi.U64), ("c", _abi.U8))
    outer = _abi.Record("t_outer", ("x", _abi.U8), ("inner", inner), ("y", _abi.U32), ("z", _abi.U8, 3),
                        ("w", _abi.F64), ("v", _abi.I32))
    ffi = parse("/* cdef-begin */"
                "typedef struct t_inner { uint8_t a; uint64_t b; uint8_t c; } t_inner;"
                "typedef struct t_outer { uint8_t x; t_inner inner; uint32_t y; uint8_t z[3]; double w; int32_t v; } t_outer;"
                "/* cdef-end */")
    assert _abi.header_mismatches(ffi, [inner, outer]) == []
    for rec in (inner, outer):
        assert struct.calcsize(rec.format) == rec.size == ffi.sizeof(rec.name)
        assert ctypes.sizeof(_abi.ctypes_struct(rec)) == rec.size


def leaf(record, path):
    """The scalar type of a packed name such as "report.order_id"."""
    *outer, name = path.split(".")
    for n in outer:
        record = record.field(n).type
    return record.field(name.split("[")[0]).type


def step(obj, part):
    """obj's member `part`: "price", or an array element "events_by_kind[3]"."""
    name, _, index = part.partition("[")
    value = getattr(obj, name) if not hasattr(obj, "dtype") else obj[name]
    return value[int(index[:-1])] if index else value


def distinct_values(record):
    """One value per packed name, each different, of the field's type."""
    def value(i, p):
        t = leaf(record, p)
        if t is _abi.F64:
            return float(i) + 0.5
        if t is _abi.CHAR:
            return f"text{i}".encode()
        return i + 1
    return [value(i, p) for i, p in enumerate(record.packed)]


@pytest.mark.parametrize("record", _abi.RECORDS, ids=RECORD_NAMES)
def test_struct_formats_ctypes_classes_and_numpy_dtypes_put_every_field_where_the_table_does(record):
    values = distinct_values(record)
    data = struct.pack(record.format, *values)
    assert len(data) == record.size
    cobj = _abi.ctypes_struct(record).from_buffer_copy(data)
    for path, v in zip(record.packed, values):
        got = cobj
        for n in path.split("."):
            got = step(got, n)
        assert got == v, path
    np = pytest.importorskip("numpy")
    dtype = _abi.numpy_dtype(record)
    assert dtype.itemsize == record.size
    assert [dtype.fields[f.name][1] for f in record.fields] == [f.offset for f in record.fields]
    row = np.frombuffer(data, dtype=dtype)[0]
    for path, v in zip(record.packed, values):
        got = row
        for n in path.split("."):
            got = step(got, n)
        assert got == v, path


# Execution's public names for sgx_report's fields (the rest keep the C name).
EXECUTION_NAMES = {"symbol": "symbol_id", "status": "status_code", "side": "side_code"}


def test_an_execution_reads_every_field_of_a_packed_sgx_report_by_its_public_name():
    from sigmax_exec._batch import REPORT_STRUCT
    from sigmax_exec._types import Execution
    values = distinct_values(_abi.REPORT)
    ex = Execution(REPORT_STRUCT.unpack(struct.pack(_abi.REPORT.format, *values)))
    assert ex._fields == tuple(EXECUTION_NAMES.get(n, n) for n in _abi.REPORT.packed)
    for name, v in zip(_abi.REPORT.packed, values):
        assert getattr(ex, EXECUTION_NAMES.get(name, name)) == v, name


@pytest.mark.parametrize("kind", [0, 3], ids=["report", "fill"])
def test_a_pipeline_result_reads_every_field_of_a_packed_sgx_result_by_name(kind):
    from sigmax_exec._pipeline import unpack_results
    values = dict(zip(_abi.RESULT.packed, distinct_values(_abi.RESULT)))
    values.update({"kind": kind, "status": 0, "report.status": 1, "report.side": 1, "fill.aggressor_side": 1})
    (r,) = unpack_results(bytearray(struct.pack(_abi.RESULT.format, *values.values())), 1)
    assert (r.sequence, r.kind, r.status, r.round_trip_ns) == (values["sequence"], kind, 0, values["round_trip_ns"])
    if kind == 0:
        for name in _abi.REPORT.packed:
            assert getattr(r.report, EXECUTION_NAMES.get(name, name)) == values["report." + name], name
    else:
        for name in r.fill._fields:
            assert r.fill[r.fill._fields.index(name)] == values["fill." + {"symbol_id": "symbol"}.get(name, name)]


def test_get_stats_has_one_key_per_sgx_engine_stats_field_in_the_records_order():
    from sigmax_exec import _common
    fields = _abi.ENGINE_STATS.value_names
    d = _common.stats_dict(**{f: i for i, f in enumerate(fields)})
    assert list(d.values()) == list(range(len(fields)))
    assert _common.RING_STATS_FIELDS == _abi.PIPELINE_STATS.value_names
