#include "media/bencode.hpp"

#include <charconv>

namespace blendd::media {

namespace {

constexpr int kMaxDepth = 32;

class Decoder {
 public:
  explicit Decoder(std::string_view in) : in_(in) {}

  std::optional<Bencode::Error> whole(Bencode& out) {
    if (!value(0, out)) return error_;
    if (at_ != in_.size()) return Bencode::Error{at_, "trailing bytes after the value"};
    return std::nullopt;
  }

 private:
  bool fail(std::string why) {
    error_ = Bencode::Error{at_, std::move(why)};
    return false;
  }

  bool value(int depth, Bencode& out) {
    if (depth > kMaxDepth) return fail("nested deeper than 32");
    if (at_ >= in_.size()) return fail("input ends where a value should start");
    const char c = in_[at_];
    if (c == 'i') return integer(out);
    if (c == 'l') return list(depth, out);
    if (c == 'd') return dict(depth, out);
    if (c >= '0' && c <= '9') return string(out);
    return fail(std::string("unexpected byte '") + (c >= 32 && c < 127 ? std::string(1, c) : "?") +
                "' where a value should start");
  }

  bool integer(Bencode& out) {
    ++at_;  // 'i'
    const std::size_t end = in_.find('e', at_);
    if (end == std::string_view::npos) return fail("integer without its closing 'e'");
    std::int64_t v = 0;
    const char* first = in_.data() + at_;
    const char* last = in_.data() + end;
    auto [ptr, ec] = std::from_chars(first, last, v);
    if (ec != std::errc() || ptr != last || first == last) return fail("not an integer");
    at_ = end + 1;
    out = Bencode(v);
    return true;
  }

  bool string_text(std::string& out) {
    const std::size_t colon = in_.find(':', at_);
    if (colon == std::string_view::npos || colon - at_ > 9)
      return fail("string length without ':'");
    std::size_t n = 0;
    auto [ptr, ec] = std::from_chars(in_.data() + at_, in_.data() + colon, n);
    if (ec != std::errc() || ptr != in_.data() + colon) return fail("bad string length");
    if (n > in_.size() - colon - 1) return fail("string runs past the end of the input");
    out.assign(in_.substr(colon + 1, n));
    at_ = colon + 1 + n;
    return true;
  }

  bool string(Bencode& out) {
    std::string s;
    if (!string_text(s)) return false;
    out = Bencode(std::move(s));
    return true;
  }

  bool list(int depth, Bencode& out) {
    ++at_;  // 'l'
    Bencode::List items;
    while (at_ < in_.size() && in_[at_] != 'e') {
      items.emplace_back();
      if (!value(depth + 1, items.back())) return false;
    }
    if (at_ >= in_.size()) return fail("list without its closing 'e'");
    ++at_;
    out = Bencode(std::move(items));
    return true;
  }

  bool dict(int depth, Bencode& out) {
    ++at_;  // 'd'
    Bencode::Dict entries;
    while (at_ < in_.size() && in_[at_] != 'e') {
      if (in_[at_] < '0' || in_[at_] > '9') return fail("a dictionary key must be a string");
      std::string key;
      if (!string_text(key)) return false;
      if (!value(depth + 1, entries[key])) return false;
    }
    if (at_ >= in_.size()) return fail("dictionary without its closing 'e'");
    ++at_;
    out = Bencode(std::move(entries));
    return true;
  }

  std::string_view in_;
  std::size_t at_ = 0;
  Bencode::Error error_;
};

}  // namespace

const Bencode* Bencode::find(const std::string& key) const {
  const Dict* d = dict();
  if (d == nullptr) return nullptr;
  auto it = d->find(key);
  return it == d->end() ? nullptr : &it->second;
}

std::string Bencode::text(const std::string& key) const {
  const Bencode* v = find(key);
  return v != nullptr && v->string() != nullptr ? *v->string() : std::string();
}

std::string Bencode::encode() const {
  std::string out;
  encode_to(out);
  return out;
}

void Bencode::encode_to(std::string& out) const {
  if (const auto* s = string()) {
    out += std::to_string(s->size());
    out += ':';
    out += *s;
  } else if (const auto* i = integer()) {
    out += 'i';
    out += std::to_string(*i);
    out += 'e';
  } else if (const auto* l = list()) {
    out += 'l';
    for (const auto& v : *l) v.encode_to(out);
    out += 'e';
  } else if (const auto* d = dict()) {
    out += 'd';
    for (const auto& [k, v] : *d) {  // std::map: keys sorted, as bencode requires
      out += std::to_string(k.size());
      out += ':';
      out += k;
      v.encode_to(out);
    }
    out += 'e';
  }
}

std::optional<Bencode::Error> Bencode::decode(std::string_view in, Bencode& out) {
  return Decoder(in).whole(out);
}

}  // namespace blendd::media
