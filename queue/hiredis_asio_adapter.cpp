#include "queue/hiredis_asio_adapter.hpp"

#include <hiredis/async.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <memory>

namespace blendd::queue {

namespace {

// One per hiredis context. Waits hold a shared_ptr so the watcher outlives hiredis's cleanup.
struct Watcher {
  Watcher(boost::asio::io_context& io, redisAsyncContext* c, int fd) : descriptor(io, fd), ctx(c) {}
  boost::asio::posix::stream_descriptor descriptor;
  redisAsyncContext* ctx;
  bool alive = true;  // false once hiredis has freed ctx
  bool want_read = false;
  bool want_write = false;
  bool read_armed = false;
  bool write_armed = false;
};

using WatcherPtr = std::shared_ptr<Watcher>;

void arm_read(const WatcherPtr& w);
void arm_write(const WatcherPtr& w);

void arm_read(const WatcherPtr& w) {
  if (w->read_armed || !w->alive) return;
  w->read_armed = true;
  w->descriptor.async_wait(boost::asio::posix::stream_descriptor::wait_read,
                           [w](const boost::system::error_code& ec) {
                             w->read_armed = false;
                             if (ec || !w->alive || !w->want_read) return;
                             redisAsyncHandleRead(w->ctx);  // may free ctx (then alive = false)
                             if (w->alive && w->want_read) arm_read(w);
                           });
}

void arm_write(const WatcherPtr& w) {
  if (w->write_armed || !w->alive) return;
  w->write_armed = true;
  w->descriptor.async_wait(boost::asio::posix::stream_descriptor::wait_write,
                           [w](const boost::system::error_code& ec) {
                             w->write_armed = false;
                             if (ec || !w->alive || !w->want_write) return;
                             redisAsyncHandleWrite(w->ctx);
                             if (w->alive && w->want_write) arm_write(w);
                           });
}

WatcherPtr& watcher(void* data) {
  return *static_cast<WatcherPtr*>(data);
}

void add_read(void* data) {
  auto& w = watcher(data);
  w->want_read = true;
  arm_read(w);
}
void del_read(void* data) {
  watcher(data)->want_read = false;
}
void add_write(void* data) {
  auto& w = watcher(data);
  w->want_write = true;
  arm_write(w);
}
void del_write(void* data) {
  watcher(data)->want_write = false;
}

void cleanup(void* data) {
  auto* holder = static_cast<WatcherPtr*>(data);
  WatcherPtr w = *holder;
  w->alive = false;
  w->ctx = nullptr;
  // hiredis owns and closes the fd: release it so Asio never closes it, cancelling any waits.
  w->descriptor.release();
  delete holder;
}

}  // namespace

void attach_to_asio(redisAsyncContext* ctx, boost::asio::io_context& io) {
  auto* holder = new WatcherPtr(std::make_shared<Watcher>(io, ctx, ctx->c.fd));
  ctx->ev.data = holder;
  ctx->ev.addRead = add_read;
  ctx->ev.delRead = del_read;
  ctx->ev.addWrite = add_write;
  ctx->ev.delWrite = del_write;
  ctx->ev.cleanup = cleanup;
}

}  // namespace blendd::queue
