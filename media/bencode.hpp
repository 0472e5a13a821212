#pragma once
// Bencode, the encoding of rtpengine's NG control protocol: byte strings, integers, lists and
// dictionaries (keys sorted on the wire). decode() takes untrusted datagrams: it bounds depth and
// size and says where and why it stopped instead of throwing.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace blendd::media {

class Bencode {
 public:
  using List = std::vector<Bencode>;
  using Dict = std::map<std::string, Bencode>;

  Bencode() = default;                                            // the empty string
  Bencode(std::string s) : string_(std::move(s)) {}               // NOLINT: a value type
  Bencode(const char* s) : string_(s) {}                          // NOLINT
  Bencode(std::int64_t i) : kind_(Kind::integer), integer_(i) {}  // NOLINT
  Bencode(int i) : kind_(Kind::integer), integer_(i) {}           // NOLINT
  Bencode(List l) : kind_(Kind::list), list_(std::move(l)) {}     // NOLINT
  Bencode(Dict d) : kind_(Kind::dict), dict_(std::move(d)) {}     // NOLINT

  bool is_string() const { return kind_ == Kind::string; }
  bool is_integer() const { return kind_ == Kind::integer; }
  bool is_list() const { return kind_ == Kind::list; }
  bool is_dict() const { return kind_ == Kind::dict; }
  const std::string* string() const { return is_string() ? &string_ : nullptr; }
  const std::int64_t* integer() const { return is_integer() ? &integer_ : nullptr; }
  const List* list() const { return is_list() ? &list_ : nullptr; }
  const Dict* dict() const { return is_dict() ? &dict_ : nullptr; }
  // A dictionary's entry, or nullptr (also when this is not a dictionary).
  const Bencode* find(const std::string& key) const;
  // A dictionary's string entry, or "" (missing or not a string).
  std::string text(const std::string& key) const;

  std::string encode() const;
  void encode_to(std::string& out) const;

  struct Error {
    std::size_t offset = 0;
    std::string why;
  };
  // The whole input must be one value: it lands in `out`, or the error says where and why not.
  static std::optional<Error> decode(std::string_view in, Bencode& out);

 private:
  // One member per kind rather than a std::variant: gcc 12 warns falsely (maybe-uninitialized)
  // on a variant of a recursive vector and map.
  enum class Kind { string, integer, list, dict };
  Kind kind_ = Kind::string;
  std::string string_;
  std::int64_t integer_ = 0;
  List list_;
  Dict dict_;
};

}  // namespace blendd::media
