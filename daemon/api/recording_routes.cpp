#include "daemon/api/recording_routes.hpp"

#include <boost/json.hpp>
#include <fstream>

#include "daemon/api/api_request.hpp"
#include "daemon/api/report_range.hpp"
#include "daemon/centre/audit_log.hpp"
#include "daemon/centre/core_settings_from_config.hpp"
#include "daemon/http/byte_range.hpp"
#include "daemon/recordings/recorder.hpp"
#include "daemon/recordings/recording_store.hpp"
#include "desk/json_text.hpp"

namespace blendd::daemon {

namespace json = boost::json;

namespace {

// A recording as the API shows it: numbers as numbers, the answers as JSON, no file path.
json::object recording_json(const RecordingFields& f) {
  json::object o;
  for (const auto& [k, v] : f) {
    if (k == "file") continue;
    if (k == "started_ms" || k == "bytes" || k == "plays") {
      o[k] = std::strtoll(v.c_str(), nullptr, 10);
    } else if (k == "duration_s") {
      o[k] = std::strtod(v.c_str(), nullptr);
    } else if (k == "answers") {
      json::error_code ec;
      json::value answers = json::parse(v, ec);
      o[k] = ec ? json::value(v) : answers;
    } else {
      o[k] = v;
    }
  }
  return o;
}

HttpResponse no_recording(const std::string& id) {
  return json_error(404, "no_recording", "no recording '" + id + "'");
}

bool valid_id(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!std::isdigit(static_cast<unsigned char>(c)) && c != '-') return false;
  }
  return true;
}

// The WAV, whole or the range asked for.
HttpResponse audio(const HttpRequest& r, const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return json_error(410, "audio_gone", "the recording's audio file is not on this node");
  const auto size = static_cast<std::uint64_t>(in.tellg());
  const RangeAnswer range = answer_range(r.header("range"), size);
  HttpResponse out{200, "audio/wav", ""};
  out.headers.emplace_back("Accept-Ranges", "bytes");
  if (range.kind == RangeAnswer::Kind::unsatisfiable) {
    out =
        json_error(416, "bad_range",
                   "the range asked for is outside the file's " + std::to_string(size) + " bytes");
    out.headers.emplace_back("Content-Range", content_range(range, size));
    return out;
  }
  ByteRange send{0, size == 0 ? 0 : size - 1};
  if (range.kind == RangeAnswer::Kind::partial) {
    out.status = 206;
    send = range.range;
    out.headers.emplace_back("Content-Range", content_range(range, size));
  }
  if (size > 0) {
    out.body.resize(static_cast<std::size_t>(send.length()));
    in.seekg(static_cast<std::streamoff>(send.first));
    in.read(out.body.data(), static_cast<std::streamsize>(out.body.size()));
    if (!in) return json_error(500, "audio_unreadable", "the recording's audio could not be read");
  }
  return out;
}

void search(const HttpRequest& r, RecordingRouteContext& ctx, bool library,
            const HttpResponder& respond) {
  RecordingQuery q;
  q.examples_only = library;
  if (!library) {
    RangeError error;
    auto range = report_range(r.target, centre_zone(ctx.config), ctx.now_ms() / 1000,
                              ctx.config.media.recording_retention_days, error);
    if (!range)
      return respond(json_error(422, "bad_" + error.field, error.field + ": " + error.reason));
    q.from_ms = range->from_s * 1000;
    q.to_ms = range->to_s * 1000;
  }
  q.agent = query_value(r.target, "agent");
  q.campaign = query_value(r.target, "campaign");
  q.disposition = query_value(r.target, "disposition");
  q.product = query_value(r.target, "product");
  q.direction = query_value(r.target, "direction");
  if (const std::string limit = query_value(r.target, "limit"); !limit.empty()) {
    char* end = nullptr;
    const long n = std::strtol(limit.c_str(), &end, 10);
    if (*end != '\0' || n < 1 || n > 1000) {
      return respond(json_error(422, "bad_limit", "limit: must be 1..1000, not '" + limit + "'"));
    }
    q.limit = static_cast<int>(n);
  }
  const std::string kind = query_value(r.target, "kind");
  ctx.store.search(
      q, [respond, library, kind](std::error_code ec, std::vector<RecordingFields> rows) {
        if (ec) return respond(json_error(503, "store_unavailable", "recordings: " + ec.message()));
        json::array out;
        for (const auto& row : rows) {
          if (library && !kind.empty()) {
            auto k = row.find("example");
            if (k == row.end() || k->second != kind) continue;
          }
          out.push_back(recording_json(row));
        }
        respond(ok_json(json::object{{library ? "examples" : "recordings", std::move(out)}}));
      });
}

}  // namespace

bool recording_route(const HttpRequest& r, const Caller& caller, RecordingRouteContext& ctx,
                     const HttpResponder& respond) {
  const std::string path = r.target.substr(0, r.target.find('?'));
  const auto parts = split_path(path);  // api v1 recordings {id} [audio|example]
  if (parts.size() < 3 || (parts[2] != "recordings" && parts[2] != "library")) return false;
  const bool library = parts[2] == "library";
  const Role least = library                                     ? Role::agent
                     : r.method == "DELETE" && parts.size() == 4 ? Role::admin
                                                                 : Role::qa;
  if (auto refusal = need(caller, least); refusal.status != 0) {
    respond(refusal);
    return true;
  }
  if (ctx.recorder == nullptr) {
    respond(json_error(404, "recordings_off",
                       "nothing is recorded here: recordings need media.mode: relay"));
    return true;
  }
  if (parts.size() == 3) {
    search(r, ctx, library, respond);
    return true;
  }
  const std::string id = parts[3];
  if (!valid_id(id)) {
    respond(no_recording(id));
    return true;
  }
  const std::string sub = parts.size() > 4 ? parts[4] : "";
  Recorder& recorder = *ctx.recorder;
  AuditLog& audit = ctx.audit;
  // Replies may come after shutdown: the recorder's token says whether store and audit are there.
  const std::weak_ptr<int> alive = recorder.alive();
  const std::int64_t now = ctx.now_ms();
  if (r.method == "PUT" && sub == "example") {
    auto body = body_object(r);
    if (auto* refusal = std::get_if<HttpResponse>(&body)) {
      respond(*refusal);
      return true;
    }
    const auto& o = std::get<json::object>(body);
    const std::string kind = string_field(o, "kind");
    const std::string product = string_field(o, "product");
    const std::string note = string_field(o, "note");
    if (kind != "excellent" && kind != "poor") {
      respond(json_error(422, "bad_kind", "kind: must be excellent or poor"));
      return true;
    }
    if (ctx.config.catalogue.product(product) == nullptr) {
      respond(
          json_error(422, "bad_product", "product: no product '" + product + "' in the catalogue"));
      return true;
    }
    ctx.store.get(
        id, [alive, &store = ctx.store, &audit, id, kind, product, note, who = caller.name, now,
             respond](std::error_code ec, std::optional<RecordingFields> f) {
          if (alive.expired()) return;
          if (ec) return respond(json_error(503, "store_unavailable", ec.message()));
          if (!f) return respond(no_recording(id));
          RecordingFields example{{"example", kind},
                                  {"example_product", product},
                                  {"example_note", note},
                                  {"example_by", who}};
          store.mark_example(id, example,
                             [alive, &audit, id, kind, product, note, who, now, respond, f = *f,
                              example](std::error_code e) mutable {
                               if (alive.expired()) return;
                               if (e)
                                 return respond(json_error(503, "store_unavailable", e.message()));
                               audit.append({now, who, "recording " + id + " example", "",
                                             kind + " for " + product, note});
                               for (auto& [k, v] : example) f[k] = v;
                               respond(ok_json(recording_json(f)));
                             });
        });
    return true;
  }
  ctx.store.get(id, [alive, r, sub, &store = ctx.store, &recorder, &audit, id, who = caller.name,
                     now, library, respond](std::error_code ec, std::optional<RecordingFields> f) {
    if (alive.expired()) return;
    if (ec) return respond(json_error(503, "store_unavailable", ec.message()));
    if (!f || (library && f->count("example") == 0)) return respond(no_recording(id));
    if (r.method == "GET" && sub.empty()) return respond(ok_json(recording_json(*f)));
    if (r.method == "GET" && sub == "audio") {
      const RangeAnswer range = answer_range(r.header("range"), ~std::uint64_t{0} >> 1);
      // A player asks for the file in pieces: the one from the start is the listen.
      if (range.kind == RangeAnswer::Kind::whole || range.range.first == 0) {
        if (library) {
          store.count_play(id);
        } else {
          audit.append({now, who, "recording " + id, "", "listened", ""});
        }
      }
      return respond(audio(r, recorder.path_of(*f)));
    }
    if (r.method == "DELETE" && sub.empty()) {
      return recorder.remove(id, *f, [alive, &audit, id, who, now, respond](std::error_code e) {
        if (alive.expired()) return;
        if (e) return respond(json_error(503, "store_unavailable", e.message()));
        audit.append({now, who, "recording " + id, "kept", "deleted", ""});
        respond(ok_json(json::object{{"deleted", id}}));
      });
    }
    if (r.method == "DELETE" && sub == "example") {
      return store.unmark_example(
          id, [alive, &audit, id, who, now, respond,
               was = f->count("example") ? f->at("example") : ""](std::error_code e) {
            if (alive.expired()) return;
            if (e) return respond(json_error(503, "store_unavailable", e.message()));
            audit.append({now, who, "recording " + id + " example", was, "none", ""});
            respond(ok_json(json::object{{"example", nullptr}, {"id", id}}));
          });
    }
    respond(json_error(404, "no_route", "no route " + r.method + " " + r.target));
  });
  return true;
}

}  // namespace blendd::daemon
