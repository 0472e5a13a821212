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
  redis_.command({"SCRIPT", "LOAD", source_},
                 [sha = std::weak_ptr<std::string>(sha_)](RedisReply r) {
                   if (auto mine = sha.lock(); mine && r.ok()) *mine = r.value.str;
                 });
  redis_.command(command("EVAL", source_, keys, args), std::move(done));
}

void ScriptRunner::run(const std::vector<std::string>& keys, const std::vector<std::string>& args,
                       RedisCallback done) {
  if (sha_->empty()) return eval(keys, args, std::move(done));
  redis_.command(
      command("EVALSHA", *sha_, keys, args), [this, alive = std::weak_ptr<std::string>(sha_), keys,
                                              args, done = std::move(done)](RedisReply r) mutable {
        const auto mine = alive.lock();  // `this` is used only while it lives
        if (mine && r.error == RedisErrc::server_error && r.value.str.rfind("NOSCRIPT", 0) == 0) {
          mine->clear();
          return eval(keys, args, std::move(done));
        }
        done(std::move(r));
      });
}

}  // namespace blendd::queue
