#include "queue/script_runner.hpp"

namespace blendd::queue {

namespace {
std::vector<std::string> command(const char* verb, const std::string& script,
                                 const std::vector<std::string>& keys,
                                 const std::vector<std::string>& args) {
  std::vector<std::string> argv{verb, script, std::to_string(keys.size())};
  argv.insert(argv.end(), keys.begin(), keys.end());
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}
}  // namespace

void ScriptRunner::eval(const std::vector<std::string>& keys, const std::vector<std::string>& args,
                        RedisCallback done) {
  // EVAL runs the script and puts it back into the cache; learn its sha for next time.
  ++reloads_;
  redis_.command({"SCRIPT", "LOAD", source_}, [this](RedisReply r) {
    if (r.ok()) sha_ = r.value.str;
  });
  redis_.command(command("EVAL", source_, keys, args), std::move(done));
}

void ScriptRunner::run(const std::vector<std::string>& keys, const std::vector<std::string>& args,
                       RedisCallback done) {
  if (sha_.empty()) return eval(keys, args, std::move(done));
  redis_.command(command("EVALSHA", sha_, keys, args), [this, keys, args, done = std::move(done)](
                                                           RedisReply r) mutable {
    if (r.error == RedisErrc::server_error && r.value.str.rfind("NOSCRIPT", 0) == 0) {
      sha_.clear();
      return eval(keys, args, std::move(done));
    }
    done(std::move(r));
  });
}

}  // namespace blendd::queue
