/*
 * select, pselect and ppoll (fs/select.c) with a vkernel fd among their fds (or a host epoll
 * that only has vkernel items, whose hidden vkernel epoll poll polls: vkepoll.c): made with
 * poll, which this library serves (vkfile.c); without one, libc's own.
 */
#include "vkpreload.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/select.h>

/* fs/select.c's POLLIN_SET, POLLOUT_SET and POLLEX_SET */
#define VK_IN_SET (POLLRDNORM | POLLRDBAND | POLLIN | POLLHUP | POLLERR)
#define VK_OUT_SET (POLLWRBAND | POLLWRNORM | POLLOUT | POLLERR)
#define VK_EX_SET POLLPRI

static int vk_in(const fd_set *s, int fd)
{
	return s && FD_ISSET(fd, s);
}

static int vk_any(int nfds, const fd_set *r, const fd_set *w, const fd_set *e)
{
	for (int fd = 0; fd < nfds && fd < FD_SETSIZE; fd++)
		if ((vk_in(r, fd) || vk_in(w, fd) || vk_in(e, fd)) && (vk_is(fd) || vk_epoll_stand_in(fd) >= 0))
			return 1;
	return 0;
}

/* poll() of the fds in the sets, the sets rewritten as select's answer: the count of bits set. */
static int vk_select_poll(int nfds, fd_set *r, fd_set *w, fd_set *e, int timeout_ms)
{
	struct pollfd *p = calloc((size_t)nfds, sizeof(*p));
	if (!p) {
		errno = ENOMEM;
		return -1;
	}
	int n = 0;
	for (int fd = 0; fd < nfds; fd++) {
		short ev = (vk_in(r, fd) ? POLLIN : 0) | (vk_in(w, fd) ? POLLOUT : 0) | (vk_in(e, fd) ? POLLPRI : 0);
		if (ev)
			p[n++] = (struct pollfd){.fd = fd, .events = ev};
	}
	int ready = poll(p, (nfds_t)n, timeout_ms);
	for (int i = 0; ready >= 0 && i < n; i++)
		if (p[i].revents & POLLNVAL) {
			errno = EBADF;
			ready = -1;
		}
	if (ready >= 0) {
		ready = 0;
		for (int i = 0; i < n; i++) {
			int fd = p[i].fd;
			short rev = p[i].revents;
			if (vk_in(r, fd) && !(rev & VK_IN_SET))
				FD_CLR(fd, r);
			if (vk_in(w, fd) && !(rev & VK_OUT_SET))
				FD_CLR(fd, w);
			if (vk_in(e, fd) && !(rev & VK_EX_SET))
				FD_CLR(fd, e);
			ready += vk_in(r, fd) + vk_in(w, fd) + vk_in(e, fd);
		}
	}
	free(p);
	return ready;
}

static int vk_ms(const struct timespec *t)
{
	if (!t)
		return -1;
	long ms = t->tv_sec * 1000L + (t->tv_nsec + 999999L) / 1000000L;
	return ms > 0x7fffffff ? 0x7fffffff : (int)ms;
}

int select(int nfds, fd_set *r, fd_set *w, fd_set *e, struct timeval *tv)
{
	if (nfds < 0 || nfds > FD_SETSIZE || !vk_any(nfds, r, w, e))
		return REAL(select)(nfds, r, w, e, tv);
	if (tv && (tv->tv_sec < 0 || tv->tv_usec < 0)) {
		errno = EINVAL;
		return -1;
	}
	struct timespec t = {tv ? tv->tv_sec : 0, tv ? tv->tv_usec * 1000L : 0};
	return vk_select_poll(nfds, r, w, e, vk_ms(tv ? &t : NULL));
}

/* The signal mask is swapped around the wait, not atomically with it as the kernel does. */
int pselect(int nfds, fd_set *r, fd_set *w, fd_set *e, const struct timespec *t, const sigset_t *mask)
{
	if (nfds < 0 || nfds > FD_SETSIZE || !vk_any(nfds, r, w, e))
		return REAL(pselect)(nfds, r, w, e, t, mask);
	sigset_t old;
	if (mask)
		pthread_sigmask(SIG_SETMASK, mask, &old);
	int ready = vk_select_poll(nfds, r, w, e, vk_ms(t));
	if (mask) {
		int err = errno;
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		errno = err;
	}
	return ready;
}

int ppoll(struct pollfd *fds, nfds_t n, const struct timespec *t, const sigset_t *mask)
{
	nfds_t nv = 0;
	for (nfds_t i = 0; i < n; i++)
		nv += vk_is(fds[i].fd) || vk_epoll_stand_in(fds[i].fd) >= 0;
	if (nv == 0)
		return REAL(ppoll)(fds, n, t, mask);
	sigset_t old;
	if (mask)
		pthread_sigmask(SIG_SETMASK, mask, &old);
	int ready = poll(fds, n, vk_ms(t));
	if (mask) {
		int err = errno;
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		errno = err;
	}
	return ready;
}
