#pragma once
// Connects hiredis's event hooks to an Asio io_context. Internal to queue/.
struct redisAsyncContext;
namespace boost::asio {
class io_context;
}

namespace blendd::queue {

// Installs addRead/delRead/addWrite/delWrite/cleanup on ctx. Must run before the connect
// callback is set: hiredis 0.14 asks for a write event at once to detect the connect.
void attach_to_asio(redisAsyncContext* ctx, boost::asio::io_context& io);

}  // namespace blendd::queue
