"""The venue's numpy dtypes are the C header's records, field for field, and
its IntEnums carry the header's codes (capi/sigmax_exec.h, "Simulated venue").
The header is parsed by cffi: no library is needed."""
import pytest

from sigmax_exec import _abi, _loader
from sigmax_exec.venue import _records as R

DTYPES = [(R.VENUE_ORDER_DTYPE, "sgx_venue_order", 128), (R.VENUE_FILL_DTYPE, "sgx_venue_fill", 64),
          (R.VENUE_STATE_DTYPE, "sgx_venue_state", 128), (R.LATENCY_ROW_DTYPE, "sgx_order_latency_row", 32),
          (R.SYMBOL_CONFIG_DTYPE, "sgx_venue_symbol_config", 48)]


@pytest.fixture(scope="module")
def header():
    pytest.importorskip("cffi")
    with open(_loader.header_path(), encoding="utf-8") as f:
        return _loader.ffi_for(f.read())


@pytest.mark.parametrize("dtype,cname,size", DTYPES, ids=[d[1] for d in DTYPES])
def test_each_venue_dtype_has_the_c_records_size_field_names_and_offsets(header, dtype, cname, size):
    ctype = header.typeof(cname)
    assert dtype.itemsize == header.sizeof(ctype) == size
    assert list(dtype.names) == [name for name, _ in ctype.fields]
    for name, f in ctype.fields:
        sub, offset = dtype.fields[name][:2]
        assert offset == f.offset, name
        assert sub.itemsize == header.sizeof(f.type), name


def test_the_venue_config_record_is_152_bytes_in_the_header_and_the_table(header):
    assert header.sizeof("sgx_venue_config") == _abi.VENUE_CONFIG.size == 152


ENUMS = [(R.LatencyKind, "SGX_LATENCY_"), (R.QueueKind, "SGX_QUEUE_"), (R.FillModel, "SGX_FILL_"),
         (R.FeeKind, "SGX_FEE_"), (R.VenueOrderStatus, "SGX_VORD_"), (R.VenueRequest, "SGX_VREQ_"),
         (R.Step, "SGX_VENUE_STEP_")]


@pytest.mark.parametrize("enum,prefix", ENUMS, ids=[p for _, p in ENUMS])
def test_each_venue_enum_has_the_headers_names_and_codes(header, enum, prefix):
    constants = header.dlopen(None)  # cffi's view of the header's enum constants (no library needed)
    for name, member in enum.__members__.items():
        assert getattr(constants, prefix + name) == member.value, name


def test_all_symbols_is_the_uint32_of_the_headers_minus_one(header):
    assert R.ALL_SYMBOLS == 0xFFFFFFFF == header.cast("uint32_t", -1)
