// Reader for the catalogue: products (what agents sell, with script and point level) and
// questionnaires (what agents ask, with types, ranges and conditions).
#include <algorithm>
#include <map>

#include "config/section_readers.hpp"
#include "config/value_checks.hpp"

namespace blendd::config {

const ProductConfig* CatalogueConfig::product(const std::string& id) const {
  for (const auto& p : products)
    if (p.id == id) return &p;
  return nullptr;
}

const QuestionnaireConfig* CatalogueConfig::questionnaire(const std::string& id) const {
  for (const auto& q : questionnaires)
    if (q.id == id) return &q;
  return nullptr;
}

const char* to_string(QuestionType type) {
  switch (type) {
    case QuestionType::single_choice:
      return "single_choice";
    case QuestionType::multiple_choice:
      return "multiple_choice";
    case QuestionType::text:
      return "text";
    case QuestionType::number:
      return "number";
    case QuestionType::yes_no:
      return "yes_no";
  }
  return "text";
}

namespace {

std::optional<QuestionType> question_type(const std::string& name) {
  for (auto t : {QuestionType::single_choice, QuestionType::multiple_choice, QuestionType::text,
                 QuestionType::number, QuestionType::yes_no}) {
    if (name == to_string(t)) return t;
  }
  return std::nullopt;
}

// Reads `key` as a list of mappings, calling read(reader, path) for each.
template <typename F>
void for_each_entry(YamlMapReader& parent, const char* key, F read) {
  YAML::Node list = parent.child(key, Need::optional);
  if (!list.IsDefined()) return;
  if (!list.IsSequence()) {
    parent.errors().add(list.Mark(), parent.key_path(key), "must be a list");
    return;
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string path = parent.key_path(key) + "[" + std::to_string(i) + "]";
    YamlMapReader r(list[i], path, parent.errors());
    read(r, path);
  }
}

void read_id(YamlMapReader& r, std::string& into, std::map<std::string, bool>& seen,
             const char* what) {
  auto id = r.string("id", Need::required);
  if (!id) return;
  into = *id;
  std::string reason = check_identifier(*id);
  if (reason.empty() && !seen.emplace(*id, true).second) {
    reason = std::string("duplicate ") + what + " id '" + *id + "'";
  }
  if (!reason.empty())
    r.errors().add(r.child("id", Need::optional).Mark(), r.key_path("id"), reason);
}

void read_question(YamlMapReader& r, const std::string& path, QuestionnaireConfig& form,
                   std::map<std::string, bool>& seen) {
  QuestionConfig q;
  read_id(r, q.id, seen, "question");
  if (auto text = r.string("text", Need::required)) q.text = *text;
  if (auto type = r.string("type", Need::required)) {
    if (auto t = question_type(*type)) {
      q.type = *t;
    } else {
      r.errors().add(
          r.child("type", Need::optional).Mark(), path + ".type",
          "must be single_choice, multiple_choice, text, number or yes_no (got '" + *type + "')");
    }
  }
  if (auto options = r.string_list("options", Need::optional)) q.options = *options;
  const bool choice =
      q.type == QuestionType::single_choice || q.type == QuestionType::multiple_choice;
  if (choice && q.options.empty()) {
    r.errors().add(r.mark(), path + ".options", "a choice question needs at least one option");
  }
  if (auto required = r.boolean("required", Need::optional)) q.required = *required;
  auto min = r.number("min", Need::optional, -1e12, 1e12);
  auto max = r.number("max", Need::optional, -1e12, 1e12);
  if (min || max) {
    q.has_range = true;
    q.min = min.value_or(-1e12);
    q.max = max.value_or(1e12);
    if (q.type != QuestionType::number) {
      r.errors().add(r.mark(), path + ".min", "min/max apply to number questions only");
    } else if (q.min > q.max) {
      r.errors().add(r.child("max", Need::optional).Mark(), path + ".max", "must not be below min");
    }
  }
  YAML::Node when = r.child("show_if", Need::optional);
  if (when.IsDefined()) {
    YamlMapReader w(when, path + ".show_if", r.errors());
    if (auto question = w.string("question", Need::required)) q.show_if_question = *question;
    if (auto answer = w.string("answer", Need::required)) q.show_if_answer = *answer;
    const bool earlier =
        std::any_of(form.questions.begin(), form.questions.end(),
                    [&](const QuestionConfig& p) { return p.id == q.show_if_question; });
    if (!q.show_if_question.empty() && !earlier) {
      r.errors().add(when.Mark(), path + ".show_if.question",
                     "must name an earlier question of this questionnaire ('" + q.show_if_question +
                         "' is not one)");
    }
  }
  form.questions.push_back(std::move(q));
}

}  // namespace

void read_catalogue(const YAML::Node& node, ErrorSink& errors, CatalogueConfig& out) {
  if (!node.IsDefined()) return;
  YamlMapReader r(node, "catalogue", errors);
  std::map<std::string, bool> products_seen;
  for_each_entry(r, "products", [&](YamlMapReader& pr, const std::string&) {
    ProductConfig p;
    read_id(pr, p.id, products_seen, "product");
    if (auto name = pr.string("name", Need::required)) p.name = *name;
    if (auto points = pr.integer("points", Need::optional, 1, 5))
      p.points = static_cast<int>(*points);
    if (auto v = pr.string_list("selling_points", Need::optional)) p.selling_points = *v;
    if (auto v = pr.string("script", Need::optional)) p.script = *v;
    if (auto v = pr.string_list("steps", Need::optional)) p.steps = *v;
    if (auto v = pr.string_list("knowledge", Need::optional)) p.knowledge = *v;
    out.products.push_back(std::move(p));
  });
  std::map<std::string, bool> forms_seen;
  for_each_entry(r, "questionnaires", [&](YamlMapReader& fr, const std::string&) {
    QuestionnaireConfig form;
    read_id(fr, form.id, forms_seen, "questionnaire");
    std::map<std::string, bool> questions_seen;
    for_each_entry(fr, "questions", [&](YamlMapReader& qr, const std::string& qpath) {
      read_question(qr, qpath, form, questions_seen);
    });
    out.questionnaires.push_back(std::move(form));
  });
  auto known_product = [&out](YamlMapReader& r, const char* key, const std::string& id) {
    if (out.product(id) == nullptr) {
      r.errors().add(r.child(key, Need::optional).Mark(), r.key_path(key),
                     "no catalogue product with id '" + id + "'");
    }
  };
  for_each_entry(r, "touchpoints", [&](YamlMapReader& tr, const std::string&) {
    TouchpointConfig t;
    if (auto v = tr.string("number", Need::required)) {
      // Matched against callers' E.164 numbers: written with spaces or dashes, or with 00 for
      // the +, it is normalised; a national number (no country) is refused, never mismatched.
      std::string n;
      for (char ch : *v)
        if (ch != ' ' && ch != '-' && ch != '(' && ch != ')' && ch != '.' && ch != '/') n += ch;
      if (n.rfind("00", 0) == 0) n = "+" + n.substr(2);
      const bool e164 = n.size() >= 8 && n.size() <= 16 && n[0] == '+' && n[1] >= '1' &&
                        n[1] <= '9' && n.find_first_not_of("0123456789", 1) == std::string::npos;
      if (!e164) {
        tr.errors().add(
            tr.child("number", Need::optional).Mark(), tr.key_path("number"),
            "must be an international number, +<country code><number> (got '" + *v + "')");
      }
      t.number = n;
    }
    if (auto v = tr.string_list("products", Need::required)) t.products = *v;
    for (const auto& p : t.products) known_product(tr, "products", p);
    out.touchpoints.push_back(std::move(t));
  });
  for_each_entry(r, "associations", [&](YamlMapReader& ar, const std::string&) {
    AssociationConfig a;
    if (auto v = ar.string("asked", Need::required)) {
      a.asked = *v;
      known_product(ar, "asked", *v);
    }
    if (auto v = ar.string("reason", Need::optional)) a.reason = *v;
    if (auto v = ar.string_list("offers", Need::required)) a.offers = *v;
    for (const auto& p : a.offers) known_product(ar, "offers", p);
    out.associations.push_back(std::move(a));
  });
  for_each_entry(r, "recommendation_switches", [&](YamlMapReader& sr, const std::string& path) {
    RecommendationSwitch sw;
    if (auto v = sr.string("channel", Need::required)) {
      sw.channel = *v;
      if (*v != "hotline" && *v != "sms" && *v != "wap" && *v != "web") {
        sr.errors().add(sr.child("channel", Need::optional).Mark(), path + ".channel",
                        "must be hotline, sms, wap or web (got '" + *v + "')");
      }
    }
    if (auto v = sr.string("period", Need::required)) {
      sw.period = *v;
      if (*v != "busy" && *v != "idle") {
        sr.errors().add(sr.child("period", Need::optional).Mark(), path + ".period",
                        "must be busy or idle (got '" + *v + "')");
      }
    }
    if (auto v = sr.boolean("enabled", Need::required)) sw.enabled = *v;
    out.switches.push_back(std::move(sw));
  });
}

}  // namespace blendd::config
