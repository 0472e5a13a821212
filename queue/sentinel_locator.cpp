#include "queue/sentinel_locator.hpp"

#include <boost/asio/post.hpp>
#include <memory>

#include "queue/redis_client.hpp"

namespace blendd::queue {

SentinelLocator::SentinelLocator(boost::asio::io_context& io, std::vector<RedisEndpoint> sentinels,
                                 std::string master_name, std::chrono::milliseconds timeout)
    : setup_(std::make_shared<const Setup>(
          Setup{io, std::move(sentinels), std::move(master_name), timeout})) {}

void SentinelLocator::locate(Located done) {
  ask(setup_, 0, {}, std::move(done));
}

void SentinelLocator::ask(std::shared_ptr<const Setup> setup, std::size_t index,
                          std::string reasons, Located done) {
  if (index >= setup->sentinels.size()) {
    boost::asio::post(setup->io, [done = std::move(done), reasons = std::move(reasons)] {
      done(std::nullopt, reasons.empty() ? "no sentinel configured" : reasons);
    });
    return;
  }
  // A short-lived connection per question: a sentinel that is down costs one timeout, and no
  // connection to it is kept (or reconnected) between failovers.
  RedisClient::Options o;
  o.endpoint = setup->sentinels[index];
  o.command_timeout = setup->timeout;
  auto client = std::make_shared<RedisClient>(setup->io, o);
  client->start();
  const std::string name = o.endpoint.describe();
  client->command(
      {"SENTINEL", "get-master-addr-by-name", setup->master_name},
      [setup, client, index, name, reasons = std::move(reasons),
       done = std::move(done)](RedisReply r) mutable {
        // Released after this handler: a client must not be destroyed inside its own callback.
        boost::asio::post(setup->io, [client] { client->stop(); });
        const auto& e = r.value.elements;
        if (r.ok() && e.size() == 2) {
          RedisEndpoint master;
          master.host = e[0].str;
          master.port = std::atoi(e[1].str.c_str());
          if (!master.host.empty() && master.port > 0) return done(master, {});
        }
        std::string why =
            name + ": " +
            (r.ok() ? "does not know master '" + setup->master_name + "'"
                    : r.error.message() + (r.value.str.empty() ? "" : " " + r.value.str));
        ask(setup, index + 1, reasons.empty() ? why : reasons + "; " + why, std::move(done));
      });
}

}  // namespace blendd::queue
