/*
 * The vk run protocol's client side: a connection per thread, frames, and the table of which
 * host fd numbers stand for vkernel fds.
 */
#include "vkpreload.h"

#include <errno.h>
#include <poll.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/* The connection sits this high so the program's lowest-free fds never see it. */
#define VK_CONN_FD 1000

struct vk_req {
	uint32_t len; /* bytes after this field */
	uint32_t nr;
	int64_t arg[4];
};

struct vk_ans {
	uint32_t len; /* bytes after this field */
	int32_t err;
	int64_t ret;
};

int vk_task;
static unsigned char vk_fd[VK_FDS];
static int vk_sk_err[VK_FDS];
/* One per thread: a thread blocked in accept or recv never holds up another's send. */
static __thread int vk_conn = -1;
static pthread_key_t vk_conn_key;
static pthread_once_t vk_conn_once = PTHREAD_ONCE_INIT;

int vk_is(int fd)
{
	return fd >= 0 && fd < VK_FDS && __atomic_load_n(&vk_fd[fd], __ATOMIC_ACQUIRE);
}

void vk_mark(int fd, int vk)
{
	if (fd >= 0 && fd < VK_FDS) {
		__atomic_store_n(&vk_sk_err[fd], 0, __ATOMIC_RELEASE);
		__atomic_store_n(&vk_fd[fd], vk ? 1 : 0, __ATOMIC_RELEASE);
	}
}

void vk_keep_error(int fd, int err)
{
	if (fd >= 0 && fd < VK_FDS)
		__atomic_store_n(&vk_sk_err[fd], err, __ATOMIC_RELEASE);
}

int vk_take_error(int fd)
{
	return fd >= 0 && fd < VK_FDS ? __atomic_exchange_n(&vk_sk_err[fd], 0, __ATOMIC_ACQ_REL) : 0;
}

static void vk_conn_drop(void)
{
	if (vk_conn >= 0)
		REAL(close)(vk_conn);
	vk_conn = -1;
}

/* A thread's connection goes with the thread. */
static void vk_conn_exit(void *unused)
{
	(void)unused;
	vk_conn_drop();
}

/* A forked child does not share its parent's stream: its first call opens its own. */
static void vk_conn_forked(void)
{
	vk_conn_drop();
}

static void vk_conn_init(void)
{
	pthread_key_create(&vk_conn_key, vk_conn_exit);
	pthread_atfork(NULL, NULL, vk_conn_forked);
}

static int vk_connect(void)
{
	const char *path = getenv("VKERNEL_RUN_SOCK");
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	if (!path || strlen(path) >= sizeof(sun.sun_path))
		return -1;
	strcpy(sun.sun_path, path);
	int s = REAL(socket)(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return -1;
	if (REAL(connect)(s, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		REAL(close)(s);
		return -1;
	}
	int high = REAL(fcntl)(s, F_DUPFD_CLOEXEC, VK_CONN_FD);
	if (high >= 0) {
		REAL(close)(s);
		s = high;
	}
	pthread_once(&vk_conn_once, vk_conn_init);
	pthread_setspecific(vk_conn_key, &vk_conn);
	vk_conn = s;
	if (vk_task > 0 && vk_call(VK_ATTACH, vk_task, 0, 0, 0, NULL, 0, NULL, 0, NULL) < 0) {
		/* vk run no longer has this process's task: no call may run as another's */
		vk_conn_drop();
		return -1;
	}
	return s;
}

static int vk_write_all(int c, const void *p, size_t n)
{
	while (n > 0) {
		ssize_t w = REAL(write)(c, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p = (const char *)p + w;
		n -= (size_t)w;
	}
	return 0;
}

/*
 * A signal whose handler ran while the call waited, and which does not restart calls
 * (no SA_RESTART: the host's read came back EINTR, where with SA_RESTART it goes on by
 * itself): vk run cancels the call in flight, which the kernel ends as a signal ends it.
 * Its answer (EINTR, or its result if it finished first) is read as any other.
 */
static void vk_interrupt(int c)
{
	struct vk_req req = {.len = sizeof(req) - sizeof(req.len), .nr = VK_INTERRUPT};
	int e = errno;
	vk_write_all(c, &req, sizeof(req));
	errno = e;
}

/*
 * poll, select and epoll_wait are never restarted after a signal handler, SA_RESTART or not
 * (signal(7)): their answer is waited for with a poll of the connection, which a signal always
 * ends (a read would be restarted under SA_RESTART), and the call in flight is interrupted.
 */
static int vk_never_restarted(int nr)
{
	return nr == VK_POLL || nr == VK_EPOLL_WAIT;
}

static void vk_await_unrestartable(int c)
{
	struct pollfd p = {.fd = c, .events = POLLIN};
	while (REAL(poll)(&p, 1, -1) < 0) {
		if (errno == EINTR) {
			vk_interrupt(c);
			return;
		}
		if (errno != EAGAIN && errno != ENOMEM)
			return; /* the read that follows reports it */
	}
}

static int vk_read_all(int c, void *p, size_t n)
{
	while (n > 0) {
		/* the request is out: the answer must be read whatever signal comes, or the stream is lost */
		ssize_t r = REAL(read)(c, p, n);
		if (r < 0 && errno == EINTR) {
			vk_interrupt(c);
			continue;
		}
		if (r <= 0)
			return -1;
		p = (char *)p + r;
		n -= (size_t)r;
	}
	return 0;
}

/* Reads len answer bytes into the in iovecs, dropping what does not fit. */
static int vk_read_into(int c, size_t len, const struct iovec *in, int nin)
{
	char drop[4096];
	for (int i = 0; i < nin && len > 0; i++) {
		size_t n = in[i].iov_len < len ? in[i].iov_len : len;
		if (n > 0 && vk_read_all(c, in[i].iov_base, n) < 0)
			return -1;
		len -= n;
	}
	while (len > 0) {
		size_t n = len < sizeof(drop) ? len : sizeof(drop);
		if (vk_read_all(c, drop, n) < 0)
			return -1;
		len -= n;
	}
	return 0;
}

long vk_call(int nr, int64_t a0, int64_t a1, int64_t a2, int64_t a3, const struct iovec *out, int nout,
	     const struct iovec *in, int nin, size_t *inlen)
{
	int c = vk_conn >= 0 ? vk_conn : vk_connect();
	if (c < 0) {
		errno = EIO;
		return -1;
	}
	struct vk_req req = {.len = sizeof(req) - sizeof(req.len), .nr = (uint32_t)nr, .arg = {a0, a1, a2, a3}};
	for (int i = 0; i < nout; i++)
		req.len += (uint32_t)out[i].iov_len;
	struct vk_ans ans;
	int ok = vk_write_all(c, &req, sizeof(req)) == 0;
	for (int i = 0; ok && i < nout; i++)
		ok = vk_write_all(c, out[i].iov_base, out[i].iov_len) == 0;
	if (ok && vk_never_restarted(nr))
		vk_await_unrestartable(c);
	ok = ok && vk_read_all(c, &ans, sizeof(ans)) == 0 && ans.len >= sizeof(ans) - sizeof(ans.len);
	size_t len = ok ? ans.len - (sizeof(ans) - sizeof(ans.len)) : 0;
	ok = ok && vk_read_into(c, len, in, nin) == 0;
	if (!ok) {
		/* vk run is gone or the stream broke: this call and the next ones fail, none hangs */
		vk_conn_drop();
		errno = EIO;
		return -1;
	}
	if (inlen)
		*inlen = len;
	if (ans.err) {
		errno = ans.err;
		return -1;
	}
	return (long)ans.ret;
}

int vk_adopt(int ph, int nr, int64_t a0, int64_t a1, int64_t a2, const struct iovec *in, int nin, size_t *inlen)
{
	if (ph < 0)
		return -1;
	if (ph >= VK_FDS) {
		REAL(close)(ph);
		errno = EMFILE;
		return -1;
	}
	long r = vk_call(nr, a0, a1, a2, ph, NULL, 0, in, nin, inlen);
	if (r < 0) {
		int e = errno;
		REAL(close)(ph);
		errno = e;
		return -1;
	}
	vk_mark(ph, 1);
	return ph;
}

int vk_clip(const struct iovec *iov, size_t n, struct iovec *clip, int err)
{
	if (n > VK_IOV_MAX) {
		errno = err;
		return -1;
	}
	size_t room = VK_MAX_IO;
	for (size_t i = 0; i < n; i++) {
		clip[i] = iov[i];
		if (clip[i].iov_len > room)
			clip[i].iov_len = room;
		room -= clip[i].iov_len;
	}
	return (int)n;
}
