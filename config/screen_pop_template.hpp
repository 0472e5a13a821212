#pragma once
// A CRM's screen-pop URL template (`crm_url` of a campaign or a group): the desk opens it when a
// call is offered, with {number}, {name}, {campaign}, {group}, {call}, {attempt} and {agent}
// filled in, each URL-encoded.
#include <map>
#include <string>

namespace blendd::config {

// "" when `url` is an http(s) URL whose placeholders are all known; else why not.
std::string check_screen_pop(const std::string& url);
// The template with each {name} replaced by its URL-encoded value (a missing one by "").
std::string expand_screen_pop(const std::string& url,
                              const std::map<std::string, std::string>& values);

}  // namespace blendd::config
