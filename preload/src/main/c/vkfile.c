/*
 * The file calls (fs/read_write.c, fs/file.c, fs/fcntl.c, fs/select.c) on the fds that are
 * vkernel's; libc's own on the others. A vkernel fd's number is held in the host's table by a
 * placeholder (/dev/null) of the same number, so lowest-free and dup2 hold across both kinds.
 */
#include "vkpreload.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

/* A poll of host and vkernel fds together takes turns of this long on each side. */
#define VK_POLL_TURN_MS 10

ssize_t read(int fd, void *buf, size_t count)
{
	if (!vk_is(fd))
		return REAL(read)(fd, buf, count);
	struct iovec in = {buf, count < VK_MAX_IO ? count : VK_MAX_IO};
	return vk_call(VK_READ, fd, (int64_t)in.iov_len, 0, 0, NULL, 0, &in, 1, NULL);
}

ssize_t __read_chk(int fd, void *buf, size_t count, size_t buflen)
{
	return read(fd, buf, count < buflen ? count : buflen);
}

ssize_t write(int fd, const void *buf, size_t count)
{
	if (!vk_is(fd))
		return REAL(write)(fd, buf, count);
	struct iovec out = {(void *)buf, count < VK_MAX_IO ? count : VK_MAX_IO};
	return vk_call(VK_WRITE, fd, 0, 0, 0, &out, 1, NULL, 0, NULL);
}

ssize_t readv(int fd, const struct iovec *iov, int n)
{
	if (!vk_is(fd))
		return REAL(readv)(fd, iov, n);
	struct iovec in[VK_IOV_MAX];
	if (n < 0 || vk_clip(iov, (size_t)n, in, EINVAL) < 0) {
		errno = EINVAL;
		return -1;
	}
	size_t len = 0;
	for (int i = 0; i < n; i++)
		len += in[i].iov_len;
	return vk_call(VK_READ, fd, (int64_t)len, 0, 0, NULL, 0, in, n, NULL);
}

ssize_t writev(int fd, const struct iovec *iov, int n)
{
	if (!vk_is(fd))
		return REAL(writev)(fd, iov, n);
	struct iovec out[VK_IOV_MAX];
	if (n < 0 || vk_clip(iov, (size_t)n, out, EINVAL) < 0) {
		errno = EINVAL;
		return -1;
	}
	return vk_call(VK_WRITE, fd, 0, 0, 0, out, n, NULL, 0, NULL);
}

/*
 * vkernel's fd goes first: while its number is still held in the host's table, no new vkernel fd
 * can take it. A host epoll's hidden vkernel epoll goes with it (vkepoll.c).
 */
int close(int fd)
{
	vk_epoll_gone(fd);
	if (!vk_is(fd))
		return REAL(close)(fd);
	int r = (int)vk_call(VK_CLOSE, fd, 0, 0, 0, NULL, 0, NULL, 0, NULL);
	int e = errno;
	vk_mark(fd, 0);
	REAL(close)(fd);
	errno = e;
	return r;
}

/*
 * dup2/dup3 with at least one side vkernel's. The host's table is changed where it holds the
 * number (the placeholder is dup'ed onto newfd), vkernel's where the file is.
 */
static int vk_dup_onto(int oldfd, int newfd, int flags)
{
	if (!vk_is(oldfd)) {
		/* a host file replaces a vkernel fd: the placeholder goes with host's dup3, then vkernel's file */
		int r = flags ? REAL(dup3)(oldfd, newfd, flags) : REAL(dup2)(oldfd, newfd);
		if (r >= 0) {
			vk_mark(newfd, 0);
			vk_call(VK_CLOSE, newfd, 0, 0, 0, NULL, 0, NULL, 0, NULL);
			vk_epoll_gone(newfd);
			vk_epoll_dup(oldfd, newfd);
		}
		return r;
	}
	if (newfd < 0 || newfd >= VK_FDS) {
		errno = EBADF;
		return -1;
	}
	if (vk_is(newfd)) {
		if (vk_call(VK_DUP3, oldfd, flags, 0, newfd, NULL, 0, NULL, 0, NULL) < 0)
			return -1;
		vk_epoll_gone(newfd);
		return flags ? REAL(dup3)(oldfd, newfd, flags) : REAL(dup2)(oldfd, newfd);
	}
	int ph = flags ? REAL(dup3)(oldfd, newfd, flags) : REAL(dup2)(oldfd, newfd);
	if (ph >= 0)
		vk_epoll_gone(newfd); /* a host epoll replaced */
	return vk_adopt(ph, VK_DUP3, oldfd, flags, 0, NULL, 0, NULL);
}

/* A host epoll's dups share its entry (vkepoll.c). */
static int vk_host_dup(int oldfd, int newfd)
{
	if (newfd >= 0)
		vk_epoll_dup(oldfd, newfd);
	return newfd;
}

int dup(int oldfd)
{
	if (!vk_is(oldfd))
		return vk_host_dup(oldfd, REAL(dup)(oldfd));
	return vk_adopt(REAL(fcntl)(oldfd, F_DUPFD, 0), VK_DUP3, oldfd, 0, 0, NULL, 0, NULL);
}

int dup2(int oldfd, int newfd)
{
	if (!vk_is(oldfd) && !vk_is(newfd))
		return vk_host_dup(oldfd, REAL(dup2)(oldfd, newfd));
	if (oldfd == newfd)
		return newfd; /* oldfd is vkernel's, so valid */
	return vk_dup_onto(oldfd, newfd, 0);
}

int dup3(int oldfd, int newfd, int flags)
{
	if (!vk_is(oldfd) && !vk_is(newfd))
		return vk_host_dup(oldfd, REAL(dup3)(oldfd, newfd, flags));
	if (oldfd == newfd || (flags & ~O_CLOEXEC)) {
		errno = EINVAL;
		return -1;
	}
	return vk_dup_onto(oldfd, newfd, flags);
}

static int vk_fcntl(int fd, int cmd, long arg)
{
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		return vk_adopt(REAL(fcntl)(fd, cmd, arg), VK_DUP3, fd, cmd == F_DUPFD_CLOEXEC ? O_CLOEXEC : 0, 0, NULL,
				0, NULL);
	case F_SETFD:
		/* close-on-exec must hold for the placeholder too, which exec really closes */
		if (vk_call(VK_FCNTL, fd, cmd, arg, 0, NULL, 0, NULL, 0, NULL) < 0)
			return -1;
		return REAL(fcntl)(fd, cmd, arg);
	default:
		return (int)vk_call(VK_FCNTL, fd, cmd, arg, 0, NULL, 0, NULL, 0, NULL);
	}
}

int fcntl(int fd, int cmd, ...)
{
	va_list ap;
	va_start(ap, cmd);
	long arg = va_arg(ap, long);
	va_end(ap);
	if (vk_is(fd))
		return vk_fcntl(fd, cmd, arg);
	int r = REAL(fcntl)(fd, cmd, arg);
	return cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC ? vk_host_dup(fd, r) : r;
}

/* programs built with _FILE_OFFSET_BITS=64 call fcntl64 */
int fcntl64(int fd, int cmd, ...)
{
	va_list ap;
	va_start(ap, cmd);
	long arg = va_arg(ap, long);
	va_end(ap);
	if (vk_is(fd))
		return vk_fcntl(fd, cmd, arg);
	int r = REAL(fcntl64)(fd, cmd, arg);
	return cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC ? vk_host_dup(fd, r) : r;
}

/* The file's own flags (do_vfs_ioctl): FIONBIO and FIOASYNC are F_SETFL's, FIOCLEX and FIONCLEX F_SETFD's. */
static int vk_ioctl_file(int fd, unsigned long request, void *arg)
{
	if (request == FIOCLEX || request == FIONCLEX)
		return vk_fcntl(fd, F_SETFD, request == FIOCLEX ? FD_CLOEXEC : 0) < 0 ? -1 : 0;
	int bit = request == FIONBIO ? O_NONBLOCK : O_ASYNC;
	int fl = vk_fcntl(fd, F_GETFL, 0);
	if (fl < 0)
		return -1;
	fl = *(const int *)arg ? fl | bit : fl & ~bit;
	return vk_fcntl(fd, F_SETFL, fl) < 0 ? -1 : 0;
}

/* The device commands whose argument is a struct ifreq (SIOCGIFNAME ... SIOCGIFTXQLEN, the ifmap and private ones). */
static int vk_ifreq_cmd(unsigned long request)
{
	return (request >= SIOCGIFNAME && request <= SIOCSIFTXQLEN && request != SIOCGIFCONF) ||
	       request == SIOCGIFMAP || request == SIOCSIFMAP ||
	       (request >= SIOCDEVPRIVATE && request <= SIOCDEVPRIVATE + 15);
}

/*
 * SIOCGIFCONF: the kernel is sent ifc_len (nothing for a NULL ifc_buf, which only counts)
 * and answers the total length, then the struct ifreq of each address, copied to ifc_buf.
 */
static int vk_ifconf(int fd, struct ifconf *ifc)
{
	int room = ifc->ifc_len;
	struct iovec out = {&room, sizeof(room)};
	int total = 0;
	struct iovec in[2] = {{&total, sizeof(total)}, {ifc->ifc_buf, ifc->ifc_buf && room > 0 ? (size_t)room : 0}};
	if (vk_call(VK_IOCTL, fd, SIOCGIFCONF, 0, 0, &out, ifc->ifc_buf ? 1 : 0, in, 2, NULL) < 0)
		return -1;
	ifc->ifc_len = total;
	return 0;
}

/*
 * sock_ioctl on vkernel's fds: the queue sizes (SIOCINQ/FIONREAD, SIOCOUTQ, SIOCOUTQNSD,
 * SIOCATMARK) write an int; the device commands read and write a struct ifreq, and
 * SIOCGIFCONF a struct ifconf. Others (timestamps, process groups, routes, ARP) are not
 * served: ENOTTY.
 */
int ioctl(int fd, unsigned long request, ...)
{
	va_list ap;
	va_start(ap, request);
	void *arg = va_arg(ap, void *);
	va_end(ap);
	if (!vk_is(fd))
		return REAL(ioctl)(fd, request, arg);
	if (request == FIONBIO || request == FIOASYNC || request == FIOCLEX || request == FIONCLEX)
		return vk_ioctl_file(fd, request, arg);
	if (request == SIOCINQ || request == SIOCOUTQ || request == SIOCOUTQNSD || request == SIOCATMARK) {
		int v = 0;
		struct iovec in = {&v, sizeof(v)};
		if (vk_call(VK_IOCTL, fd, (int64_t)request, 0, 0, NULL, 0, &in, 1, NULL) < 0)
			return -1;
		*(int *)arg = v;
		return 0;
	}
	if (vk_ifreq_cmd(request)) {
		struct ifreq ifr;
		memcpy(&ifr, arg, sizeof(ifr));
		struct iovec out = {&ifr, sizeof(ifr)};
		struct iovec in = {&ifr, sizeof(ifr)};
		size_t got = 0;
		if (vk_call(VK_IOCTL, fd, (int64_t)request, 0, 0, &out, 1, &in, 1, &got) < 0)
			return -1;
		if (got == sizeof(ifr))
			memcpy(arg, &ifr, sizeof(ifr));
		return 0;
	}
	if (request == SIOCGIFCONF)
		return vk_ifconf(fd, arg);
	errno = ENOTTY;
	return -1;
}

/* VK_POLL: n entries of {int32 fd, int16 events, int16 0}; the answer n int16 revents. */
struct vk_pollfd {
	int32_t fd;
	int16_t events;
	int16_t pad;
};

static int vk_poll(struct pollfd *fds, nfds_t n, int timeout)
{
	struct vk_pollfd *req = calloc(n ? n : 1, sizeof(*req));
	int16_t *revents = calloc(n ? n : 1, sizeof(*revents));
	if (!req || !revents) {
		free(req);
		free(revents);
		errno = ENOMEM;
		return -1;
	}
	for (nfds_t i = 0; i < n; i++)
		req[i] = (struct vk_pollfd){fds[i].fd, fds[i].events, 0};
	struct iovec out = {req, n * sizeof(*req)};
	struct iovec in = {revents, n * sizeof(*revents)};
	int r = (int)vk_call(VK_POLL, (int64_t)n, timeout, 0, 0, &out, 1, &in, 1, NULL);
	for (nfds_t i = 0; r >= 0 && i < n; i++)
		fds[i].revents = revents[i];
	free(req);
	free(revents);
	return r;
}

static long vk_now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

/* Host and vkernel fds together: host's poll without waiting, then vkernel's for a turn, until one is ready. */
static int vk_poll_mixed(struct pollfd *fds, nfds_t n, int timeout)
{
	struct pollfd *host = calloc(n, sizeof(*host));
	struct pollfd *vk = calloc(n, sizeof(*vk));
	int r = -1;
	if (!host || !vk) {
		errno = ENOMEM;
		goto out;
	}
	nfds_t nh = 0, nv = 0;
	for (nfds_t i = 0; i < n; i++) {
		if (vk_is(fds[i].fd))
			vk[nv++] = fds[i];
		else
			host[nh++] = fds[i];
	}
	long deadline = timeout < 0 ? -1 : vk_now_ms() + timeout;
	for (;;) {
		int rh = REAL(poll)(host, nh, 0);
		long left = deadline < 0 ? VK_POLL_TURN_MS : deadline - vk_now_ms();
		int turn = rh != 0 || left <= 0 ? 0 : (int)(left < VK_POLL_TURN_MS ? left : VK_POLL_TURN_MS);
		int rv = rh < 0 ? -1 : vk_poll(vk, nv, turn);
		if (rh < 0 || rv < 0)
			goto out;
		if (rh + rv > 0 || (deadline >= 0 && vk_now_ms() >= deadline)) {
			r = rh + rv;
			break;
		}
	}
	nfds_t ih = 0, iv = 0;
	for (nfds_t i = 0; i < n; i++)
		fds[i].revents = vk_is(fds[i].fd) ? vk[iv++].revents : host[ih++].revents;
out:
	free(host);
	free(vk);
	return r;
}

/* A poll of host epolls that have only vkernel items: their hidden vkernel epolls are polled (vkepoll.c). */
static int vk_poll_stand_ins(struct pollfd *fds, nfds_t n, int timeout)
{
	struct pollfd *sub = calloc(n, sizeof(*sub));
	if (!sub) {
		errno = ENOMEM;
		return -1;
	}
	for (nfds_t i = 0; i < n; i++) {
		int s = vk_epoll_stand_in(fds[i].fd);
		sub[i] = fds[i];
		if (s >= 0)
			sub[i].fd = s;
	}
	int r = poll(sub, n, timeout);
	for (nfds_t i = 0; r >= 0 && i < n; i++)
		fds[i].revents = sub[i].revents;
	free(sub);
	return r;
}

int poll(struct pollfd *fds, nfds_t n, int timeout)
{
	nfds_t nv = 0, ns = 0;
	for (nfds_t i = 0; i < n; i++) {
		nv += vk_is(fds[i].fd);
		ns += vk_epoll_stand_in(fds[i].fd) >= 0;
	}
	if (ns > 0)
		return vk_poll_stand_ins(fds, n, timeout);
	if (nv == 0)
		return REAL(poll)(fds, n, timeout);
	return nv == n ? vk_poll(fds, n, timeout) : vk_poll_mixed(fds, n, timeout);
}

int __poll_chk(struct pollfd *fds, nfds_t n, int timeout, size_t fdslen)
{
	(void)fdslen;
	return poll(fds, n, timeout);
}
