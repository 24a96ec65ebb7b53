/*
 * libvkpreload: hands an unmodified program's calls on vkernel's fds to `vk run` (docs/run.md).
 * One connection per thread to VKERNEL_RUN_SOCK carries frames of the vk run protocol; `vk run`
 * makes each call with the Java SDK as the program's task and writes back ret, errno and bytes.
 */
#ifndef VKPRELOAD_H
#define VKPRELOAD_H

#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

/* The call numbers of the protocol: a contract with vkernel.run.PreloadCall, never renumbered. */
enum vk_nr {
	VK_SOCKET = 1,
	VK_BIND = 2,
	VK_LISTEN = 3,
	VK_ACCEPT4 = 4,
	VK_CONNECT = 5,
	VK_SENDMSG = 6,
	VK_RECVMSG = 7,
	VK_GETSOCKOPT = 8,
	VK_SETSOCKOPT = 9,
	VK_GETSOCKNAME = 10,
	VK_GETPEERNAME = 11,
	VK_SHUTDOWN = 12,
	VK_CLOSE = 13,
	VK_DUP3 = 14,
	VK_FCNTL = 15,
	VK_READ = 16,
	VK_WRITE = 17,
	VK_POLL = 18,
	VK_IOCTL = 19,
	/* not a call: cancels the connection's call in flight (a signal interrupted the program's wait) */
	VK_INTERRUPT = 20,
	/* fork(2): the calling thread's task is copied (dup_fd); the answer is the child task's id */
	VK_FORK = 21,
	/* a new connection's first call when the process is a forked child: arg 0 is its task */
	VK_ATTACH = 22,
	/* after fork: arg 0 the child task, arg 1 the child's host pid (its exit ends the task), or -1 */
	VK_FORKED = 23,
	/* a hidden vkernel epoll for a host epoll's vkernel items (vkepoll.c): arg 0 flags, arg 3 target */
	VK_EPOLL_CREATE1 = 24,
	/* arg 0 the hidden epoll, 1 op, 2 fd, 3 whether the event follows (a packed 12-byte struct epoll_event) */
	VK_EPOLL_CTL = 25,
	/* arg 0 the hidden epoll, 1 maxevents, 2 timeout ms; the answer ret packed 12-byte struct epoll_events */
	VK_EPOLL_WAIT = 26,
};

/* fds at or above this are never vkernel's (the placeholder table's size) */
#define VK_FDS 65536
/* the most bytes one frame moves: larger reads and writes are partial, as Linux's may be */
#define VK_MAX_IO (1 << 20)
/* most iovecs one call takes (UIO_MAXIOV) */
#define VK_IOV_MAX 1024

/* The libc function the program would have called: the next definition after this library. */
#define REAL(f) ({ \
	static __typeof__(f) *real_; \
	if (!real_) \
		real_ = (__typeof__(f) *)dlsym(RTLD_NEXT, #f); \
	real_; })

/*
 * One call: sends the request (four args, then the out iovecs' bytes), reads the answer's bytes
 * into the in iovecs (any excess is dropped; *inlen gets the full length). Returns ret, or -1
 * with errno: the kernel's errno, or EIO when vk run or the kernel cannot answer.
 */
long vk_call(int nr, int64_t a0, int64_t a1, int64_t a2, int64_t a3, const struct iovec *out, int nout,
	     const struct iovec *in, int nin, size_t *inlen);

/* The task this process is, as VK_FORK made it for a forked child; 0: vk run's own task. */
extern int vk_task;

/* Whether the host fd number is a placeholder of the vkernel fd of the same number. */
int vk_is(int fd);
void vk_mark(int fd, int vk);

/*
 * An error recvmmsg met after some messages, reported by the fd's next recvmmsg (Linux keeps it
 * in sk_err, which SO_ERROR and every receive also report; here only recvmmsg does). A new fd on
 * the number drops it.
 */
void vk_keep_error(int fd, int err);
int vk_take_error(int fd);

/*
 * Makes the vkernel fd of a call that creates one (socket, accept4, dup3) land on placeholder ph,
 * already reserved in the host's table: the request carries ph as its fourth argument. On failure
 * the placeholder is closed.
 */
int vk_adopt(int ph, int nr, int64_t a0, int64_t a1, int64_t a2, const struct iovec *in, int nin, size_t *inlen);

/*
 * epoll (vkepoll.c): the host fd number fd is closed or replaced (a host epoll's entry goes, and
 * with its last number its hidden vkernel epoll); newfd now names what oldfd names (a dup).
 */
void vk_epoll_gone(int fd);
void vk_epoll_dup(int oldfd, int newfd);
/* The hidden vkernel epoll that stands in for host epoll fd in a poll (it has only vkernel items), or -1. */
int vk_epoll_stand_in(int fd);

/* The name of a socket's placeholder once the socket is made (vkproc.c): this, then "INO]". */
#define VK_SOCKET_NAME "vkernel:socket:["

/* Names fd's placeholder for the socket of inode ino (0: left as it is). */
void vk_name_socket(int fd, uint64_t ino);

/* Whether fd is a placeholder: the null device, or a socket's named one. */
int vk_is_placeholder(int fd);

/* Copies iov into clip, at most VK_IOV_MAX entries and VK_MAX_IO bytes in all; the count, or -1 EINVAL/EMSGSIZE. */
int vk_clip(const struct iovec *iov, size_t n, struct iovec *clip, int err);

#endif
