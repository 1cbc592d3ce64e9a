#include "sigmax/market/convert_file.hpp"

#include "sigmax/market/binance.hpp"
#include "sigmax/market/dbn.hpp"
#include "sigmax/market/event_file.hpp"
#include "sigmax/market/tardis.hpp"

namespace sigmax::md {

bool is_known_format(std::string_view format) noexcept {
    return format == "binance" || format == "tardis" || format == "dbn";
}

Status convert_to_file(std::string_view format, const std::vector<std::string>& inputs, const std::string& output,
                       const ConvertOptions& options, ConvertSummary& summary, std::string& error) {
    summary = ConvertSummary{};
    error.clear();
    if (!is_known_format(format)) {
        error = "unknown format '" + std::string(format) + "': binance, tardis or dbn";
        return Status::InvalidConfig;
    }
    if (inputs.empty() || (format == "dbn" && inputs.size() != 1)) {
        error = format == "dbn" ? "dbn converts one file at a time" : "no input file";
        return Status::InvalidConfig;
    }
    EventFileWriter writer;
    if (const Status s = writer.open(output); s != Status::Ok) {
        error = writer.error();
        return s;
    }
    ConvertError where;
    Status s = Status::Ok;
    if (format == "binance") s = convert_binance(inputs, writer, options, summary, where);
    else if (format == "tardis") s = convert_tardis(inputs, writer, options, summary, where);
    else s = convert_dbn(inputs.front(), writer, options, summary, where);
    if (s == Status::Ok) s = writer.finish();
    if (s != Status::Ok) {
        // A converter's own error names the input; a refusal of the writer's, the output.
        error = !where.rule.empty() ? where.message() : writer.error();
        writer.abandon();
    }
    return s;
}

}  // namespace sigmax::md
