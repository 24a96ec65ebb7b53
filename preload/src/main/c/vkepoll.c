/*
 * epoll (fs/eventpoll.c) for programs whose epolls watch vkernel fds.
 *
 * The program's epoll fd is always the host's (libc's epoll_create1), so an epoll that watches
 * only host fds is the host's alone. The first EPOLL_CTL_ADD of a vkernel fd into it makes a
 * hidden vkernel epoll for it: a placeholder host fd is reserved, close-on-exec, as socket()
 * reserves one, and VK_EPOLL_CREATE1 makes the task's epoll on that number (vk_adopt). A table
 * by host epfd keeps the hidden epoll and how many vkernel and host items were added:
 *
 * - epoll_ctl of a vkernel fd → VK_EPOLL_CTL on the hidden epoll; of a host fd → libc's. A host
 *   epoll with vkernel items added into another epoll is its hidden epoll added there (and its
 *   host epoll too, when it also has host items: both may then report it).
 * - epoll_wait, epoll_pwait, epoll_pwait2: no vkernel items → libc's; only vkernel items →
 *   VK_EPOLL_WAIT, blocking in the kernel (a signal ends it through VK_INTERRUPT, vkwire.c);
 *   both → turns as a mixed poll takes them (vkfile.c): the host's epoll without waiting, then
 *   the hidden one for up to VK_POLL_TURN_MS, until something is ready or the timeout passes,
 *   the events of both merged up to maxevents. Which side is asked first alternates, so that
 *   neither starves the other at a small maxevents. epoll_pwait's mask is swapped around the
 *   wait, as ppoll's is here (not atomically).
 * - close of the epfd (or a dup2 onto it) closes the hidden epoll with the last host fd naming
 *   it (dup, dup2 and F_DUPFD of an epfd share its entry); the program closing the hidden fd's
 *   number itself detaches it. fork: both fds are inherited, the task's copy shares the hidden
 *   epoll as Linux's child shares the epoll file. exec: the hidden fd is close-on-exec, so an
 *   exec'ed image's epoll has lost its vkernel items (its host items stay).
 * - poll, ppoll, select and pselect of an epfd that has only vkernel items poll its hidden
 *   epoll (vkfile.c, vkselect.c).
 *
 * Not followed: an epoll added into another while it had no vkernel items stays there as a host
 * fd only (vkernel items added to it later are not seen through the outer epoll); a wait that
 * only has vkernel items to wait for blocks in the kernel and does not see host items another
 * thread adds meanwhile; poll or select of an epfd that has host items too is the host's (its
 * vkernel items unseen); the hidden epoll takes a host fd number, from VK_HIDDEN_FD up, which a
 * program with that many fds open would otherwise have got.
 */
#include "vkpreload.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

/*
 * Where a hidden epoll's number is looked for, from here up: out of the way of the program's
 * lowest-free numbers (its next fd is the one Linux would give), below vk run's connections (1000).
 */
#define VK_HIDDEN_FD 900

/* as vkfile.c's mixed poll */
#define VK_POLL_TURN_MS 10
/* fs/eventpoll.c: INT_MAX / sizeof(struct epoll_event) */
#define VK_EP_MAX_EVENTS (0x7fffffff / 12)
/* host items of an epoll this library did not make (inherited over exec): never known to be none */
#define VK_EP_UNKNOWN (1 << 29)

/* The protocol's struct epoll_event: x86-64's packed 12 bytes, little-endian. */
struct vk_epoll_event {
	uint32_t events;
	uint64_t data;
} __attribute__((packed));

_Static_assert(sizeof(struct vk_epoll_event) == 12, "the protocol's epoll_event is 12 bytes");

/* most events one VK_EPOLL_WAIT answer carries */
#define VK_EP_WAIT_MAX (VK_MAX_IO / (int)sizeof(struct vk_epoll_event))

/*
 * A host epoll of the program. An entry is never freed: another thread may still be reading
 * it in a wait when its fd is closed (Linux's epoll outlives its fd there too).
 */
struct vk_ep {
	int hidden; /* the hidden vkernel epoll's fd, -1 before the first vkernel item */
	int nvk;    /* vkernel items added (ADD +1, DEL -1) */
	int nhost;  /* host items added, VK_EP_UNKNOWN for one this library did not make */
	int refs;   /* host fd numbers naming it (dup) */
	unsigned turn;
};

static struct vk_ep *vk_eps[VK_FDS];
/* by hidden fd: the entry whose hidden epoll it is */
static struct vk_ep *vk_hidden_of[VK_FDS];

static struct vk_ep *vk_ep_at(int fd)
{
	return fd >= 0 && fd < VK_FDS ? __atomic_load_n(&vk_eps[fd], __ATOMIC_ACQUIRE) : NULL;
}

static struct vk_ep *vk_ep_new(int nhost)
{
	struct vk_ep *p = calloc(1, sizeof(*p));
	if (p) {
		p->hidden = -1;
		p->nhost = nhost;
		p->refs = 1;
	}
	return p;
}

/* One host fd number no longer names p: the last one closes the hidden epoll. */
static void vk_ep_release(struct vk_ep *p)
{
	if (!p || __atomic_sub_fetch(&p->refs, 1, __ATOMIC_ACQ_REL) > 0)
		return;
	int h = __atomic_exchange_n(&p->hidden, -1, __ATOMIC_ACQ_REL);
	__atomic_store_n(&p->nvk, 0, __ATOMIC_RELEASE);
	struct vk_ep *expect = p;
	if (h >= 0 && h < VK_FDS &&
	    __atomic_compare_exchange_n(&vk_hidden_of[h], &expect, NULL, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		int e = errno;
		close(h);
		errno = e;
	}
}

/* Installs p (or nothing) as the entry of fd, releasing what was there (a number reused unseen). */
static void vk_ep_install(int fd, struct vk_ep *p)
{
	if (fd < 0 || fd >= VK_FDS) {
		vk_ep_release(p);
		return;
	}
	vk_ep_release(__atomic_exchange_n(&vk_eps[fd], p, __ATOMIC_ACQ_REL));
}

void vk_epoll_gone(int fd)
{
	if (fd < 0 || fd >= VK_FDS)
		return;
	vk_ep_install(fd, NULL);
	/* the program closed a hidden epoll's number itself: its epoll has no vkernel items left */
	struct vk_ep *p = __atomic_exchange_n(&vk_hidden_of[fd], NULL, __ATOMIC_ACQ_REL);
	if (p) {
		int expect = fd;
		if (__atomic_compare_exchange_n(&p->hidden, &expect, -1, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			__atomic_store_n(&p->nvk, 0, __ATOMIC_RELEASE);
	}
}

void vk_epoll_dup(int oldfd, int newfd)
{
	if (oldfd == newfd)
		return;
	struct vk_ep *p = vk_ep_at(oldfd);
	if (p)
		__atomic_add_fetch(&p->refs, 1, __ATOMIC_ACQ_REL);
	vk_ep_install(newfd, p);
}

int vk_epoll_stand_in(int fd)
{
	struct vk_ep *p = vk_ep_at(fd);
	if (!p || __atomic_load_n(&p->nvk, __ATOMIC_ACQUIRE) <= 0 || __atomic_load_n(&p->nhost, __ATOMIC_ACQUIRE) > 0)
		return -1;
	return __atomic_load_n(&p->hidden, __ATOMIC_ACQUIRE);
}

int epoll_create1(int flags)
{
	int fd = REAL(epoll_create1)(flags);
	if (fd >= 0)
		vk_ep_install(fd, vk_ep_new(0));
	return fd;
}

int epoll_create(int size)
{
	int fd = REAL(epoll_create)(size);
	if (fd >= 0)
		vk_ep_install(fd, vk_ep_new(0));
	return fd;
}

/*
 * The entry of epfd for a vkernel item, as do_epoll_ctl looks at epfd: EBADF when it is not
 * open, EINVAL when it is not an epoll (a vkernel fd is a socket). A host epoll this library
 * did not make (an exec'ed image's inheritance) gets an entry now.
 */
static struct vk_ep *vk_ep_of(int epfd)
{
	if (epfd < 0) {
		errno = EBADF;
		return NULL;
	}
	if (vk_is(epfd)) {
		errno = EINVAL;
		return NULL;
	}
	char path[40], link[64];
	snprintf(path, sizeof(path), "/proc/self/fd/%d", epfd);
	ssize_t n = readlink(path, link, sizeof(link) - 1);
	int epoll;
	if (n >= 0) {
		link[n] = 0;
		epoll = strcmp(link, "anon_inode:[eventpoll]") == 0;
	} else if (REAL(fcntl)(epfd, F_GETFD) < 0) {
		errno = EBADF;
		return NULL;
	} else {
		epoll = vk_ep_at(epfd) != NULL; /* no /proc: the table's word */
	}
	if (!epoll || epfd >= VK_FDS) {
		errno = EINVAL;
		return NULL;
	}
	struct vk_ep *p = vk_ep_at(epfd);
	if (p)
		return p;
	struct vk_ep *made = vk_ep_new(VK_EP_UNKNOWN);
	if (!made) {
		errno = ENOMEM;
		return NULL;
	}
	if (__atomic_compare_exchange_n(&vk_eps[epfd], &p, made, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		return made;
	free(made); /* another thread's came first */
	return p;
}

/* The hidden vkernel epoll of p, made on a reserved host number the first time. */
static int vk_ep_hidden(struct vk_ep *p)
{
	int h = __atomic_load_n(&p->hidden, __ATOMIC_ACQUIRE);
	if (h >= 0)
		return h;
	int low = open("/dev/null", O_RDWR | O_CLOEXEC);
	int ph = low < 0 ? -1 : REAL(fcntl)(low, F_DUPFD_CLOEXEC, VK_HIDDEN_FD);
	if (ph < 0) {
		ph = low; /* no number that high (RLIMIT_NOFILE): the lowest free one, then */
	} else {
		REAL(close)(low);
	}
	h = vk_adopt(ph, VK_EPOLL_CREATE1, EPOLL_CLOEXEC, 0, 0, NULL, 0, NULL);
	if (h < 0)
		return -1;
	int expect = -1;
	if (!__atomic_compare_exchange_n(&p->hidden, &expect, h, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		close(h); /* another thread made one first */
		return expect;
	}
	__atomic_store_n(&vk_hidden_of[h], p, __ATOMIC_RELEASE);
	return h;
}

/* A host fd: libc's epoll_ctl, counted in epfd's entry. */
static int vk_ep_ctl_host(int epfd, int op, int fd, struct epoll_event *ev)
{
	int r = REAL(epoll_ctl)(epfd, op, fd, ev);
	struct vk_ep *p = r == 0 ? vk_ep_at(epfd) : NULL;
	if (p && op == EPOLL_CTL_ADD)
		__atomic_add_fetch(&p->nhost, 1, __ATOMIC_ACQ_REL);
	else if (p && op == EPOLL_CTL_DEL)
		__atomic_sub_fetch(&p->nhost, 1, __ATOMIC_ACQ_REL);
	return r;
}

/* A vkernel fd: VK_EPOLL_CTL on epfd's hidden epoll, in do_epoll_ctl's order of errors. */
static int vk_ep_ctl_vk(int epfd, int op, int fd, struct epoll_event *ev)
{
	if (op != EPOLL_CTL_DEL && !ev) {
		errno = EFAULT; /* copied before anything is looked at */
		return -1;
	}
	struct vk_ep *p = vk_ep_of(epfd);
	if (!p)
		return -1;
	int h = __atomic_load_n(&p->hidden, __ATOMIC_ACQUIRE);
	if (h < 0 && op != EPOLL_CTL_ADD) {
		/* no vkernel item was ever added: what the kernel would answer, without making the epoll */
		int bad = (op != EPOLL_CTL_DEL && op != EPOLL_CTL_MOD) ||
			  (op == EPOLL_CTL_MOD && (ev->events & EPOLLEXCLUSIVE));
		errno = bad ? EINVAL : ENOENT;
		return -1;
	}
	if (h < 0 && (h = vk_ep_hidden(p)) < 0)
		return -1;
	struct vk_epoll_event pe = {ev ? ev->events : 0, ev ? ev->data.u64 : 0};
	struct iovec out = {&pe, sizeof(pe)};
	long r = vk_call(VK_EPOLL_CTL, h, op, fd, ev != NULL, &out, ev ? 1 : 0, NULL, 0, NULL);
	if (r == 0 && op == EPOLL_CTL_ADD)
		__atomic_add_fetch(&p->nvk, 1, __ATOMIC_ACQ_REL);
	else if (r == 0 && op == EPOLL_CTL_DEL)
		__atomic_sub_fetch(&p->nvk, 1, __ATOMIC_ACQ_REL);
	return (int)r;
}

/*
 * A host epoll that has vkernel items, added into (or changed or removed from) epfd: its hidden
 * epoll is the item in epfd's hidden epoll, and its host epoll in epfd's when it has host items.
 */
static int vk_ep_ctl_nested(int epfd, int op, int fd, struct epoll_event *ev, struct vk_ep *in)
{
	int h = __atomic_load_n(&in->hidden, __ATOMIC_ACQUIRE);
	int host = __atomic_load_n(&in->nhost, __ATOMIC_ACQUIRE) > 0;
	if (op == EPOLL_CTL_ADD) {
		if (host && vk_ep_ctl_host(epfd, op, fd, ev) < 0)
			return -1;
		if (vk_ep_ctl_vk(epfd, op, h, ev) < 0) {
			int e = errno;
			if (host)
				vk_ep_ctl_host(epfd, EPOLL_CTL_DEL, fd, NULL);
			errno = e;
			return -1;
		}
		return 0;
	}
	/* wherever it was added: as it was then */
	int rv = vk_ep_ctl_vk(epfd, op, h, ev);
	int ev_err = errno;
	int rh = vk_ep_ctl_host(epfd, op, fd, ev);
	if (rv == 0 || rh == 0)
		return 0;
	if (ev_err != ENOENT)
		errno = ev_err;
	return -1;
}

int epoll_ctl(int epfd, int op, int fd, struct epoll_event *ev)
{
	if (vk_is(fd))
		return vk_ep_ctl_vk(epfd, op, fd, ev);
	struct vk_ep *in = fd != epfd ? vk_ep_at(fd) : NULL;
	if (in && __atomic_load_n(&in->nvk, __ATOMIC_ACQUIRE) > 0 && __atomic_load_n(&in->hidden, __ATOMIC_ACQUIRE) >= 0)
		return vk_ep_ctl_nested(epfd, op, fd, ev, in);
	return vk_ep_ctl_host(epfd, op, fd, ev);
}

/* VK_EPOLL_WAIT on the hidden epoll h: at most max events into ev. */
static int vk_ep_wait_vk(int h, struct epoll_event *ev, int max, int timeout)
{
	if (max > VK_EP_WAIT_MAX)
		max = VK_EP_WAIT_MAX;
	struct vk_epoll_event small[64];
	struct vk_epoll_event *got = max <= 64 ? small : malloc((size_t)max * sizeof(*got));
	if (!got) {
		errno = ENOMEM;
		return -1;
	}
	struct iovec in = {got, (size_t)max * sizeof(*got)};
	int n = (int)vk_call(VK_EPOLL_WAIT, h, max, timeout, 0, NULL, 0, &in, 1, NULL);
	for (int i = 0; i < n && i < max; i++) {
		ev[i].events = got[i].events;
		ev[i].data.u64 = got[i].data;
	}
	if (got != small)
		free(got);
	return n;
}

static long vk_ep_now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

/*
 * The entry whose wait is this library's: an epoll with vkernel items, and a wait the kernel
 * would not refuse before looking at epfd (maxevents); NULL: libc's wait.
 */
static struct vk_ep *vk_ep_waits(int epfd, int max)
{
	struct vk_ep *p = vk_ep_at(epfd);
	if (!p || max <= 0 || max > VK_EP_MAX_EVENTS || __atomic_load_n(&p->nvk, __ATOMIC_ACQUIRE) <= 0 ||
	    __atomic_load_n(&p->hidden, __ATOMIC_ACQUIRE) < 0)
		return NULL;
	return p;
}

/* An epoll with vkernel items: the hidden epoll's wait alone, or turns with the host's. */
static int vk_ep_wait(struct vk_ep *p, int epfd, struct epoll_event *ev, int max, int timeout)
{
	int h = __atomic_load_n(&p->hidden, __ATOMIC_ACQUIRE);
	if (!ev) {
		errno = EFAULT;
		return -1;
	}
	if (__atomic_load_n(&p->nhost, __ATOMIC_ACQUIRE) <= 0)
		return vk_ep_wait_vk(h, ev, max, timeout);
	long deadline = timeout < 0 ? -1 : vk_ep_now_ms() + timeout;
	for (;;) {
		int vk_first = __atomic_fetch_add(&p->turn, 1, __ATOMIC_RELAXED) & 1;
		int n = 0;
		if (vk_first) {
			n = vk_ep_wait_vk(h, ev, max, 0);
			if (n < 0)
				return -1;
		}
		if (n < max) {
			int rh = REAL(epoll_wait)(epfd, ev + n, max - n, 0);
			if (rh < 0)
				return n > 0 ? n : -1;
			n += rh;
		}
		if (!vk_first && n < max) {
			long left = deadline < 0 ? VK_POLL_TURN_MS : deadline - vk_ep_now_ms();
			int turn = n > 0 || left <= 0 ? 0 : (int)(left < VK_POLL_TURN_MS ? left : VK_POLL_TURN_MS);
			int rv = vk_ep_wait_vk(h, ev + n, max - n, turn);
			if (rv < 0)
				return n > 0 ? n : -1; /* the host's events are taken: they are the answer */
			n += rv;
		}
		if (n > 0 || (deadline >= 0 && vk_ep_now_ms() >= deadline))
			return n;
	}
}

int epoll_wait(int epfd, struct epoll_event *ev, int max, int timeout)
{
	struct vk_ep *p = vk_ep_waits(epfd, max);
	if (!p)
		return REAL(epoll_wait)(epfd, ev, max, timeout);
	return vk_ep_wait(p, epfd, ev, max, timeout);
}

/* The signal mask is swapped around the wait, not atomically with it as the kernel does. */
static int vk_ep_wait_masked(struct vk_ep *p, int epfd, struct epoll_event *ev, int max, int timeout,
			     const sigset_t *mask)
{
	sigset_t old;
	if (mask)
		pthread_sigmask(SIG_SETMASK, mask, &old);
	int r = vk_ep_wait(p, epfd, ev, max, timeout);
	if (mask) {
		int e = errno;
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		errno = e;
	}
	return r;
}

int epoll_pwait(int epfd, struct epoll_event *ev, int max, int timeout, const sigset_t *mask)
{
	struct vk_ep *p = vk_ep_waits(epfd, max);
	if (!p)
		return REAL(epoll_pwait)(epfd, ev, max, timeout, mask);
	return vk_ep_wait_masked(p, epfd, ev, max, timeout, mask);
}

/* The timeout in milliseconds, rounded up; EINVAL as poll_select_set_timeout's for a bad timespec. */
int epoll_pwait2(int epfd, struct epoll_event *ev, int max, const struct timespec *t, const sigset_t *mask)
{
	struct vk_ep *p = vk_ep_waits(epfd, max);
	if (!p)
		return REAL(epoll_pwait2)(epfd, ev, max, t, mask);
	if (t && (t->tv_sec < 0 || t->tv_nsec < 0 || t->tv_nsec >= 1000000000L)) {
		errno = EINVAL;
		return -1;
	}
	long long ms = t ? (long long)t->tv_sec * 1000 + (t->tv_nsec + 999999L) / 1000000L : -1;
	if (ms > 0x7fffffff || (t && t->tv_sec > 0x7fffffff / 1000))
		ms = -1; /* longer than an int's milliseconds: as good as for ever */
	return vk_ep_wait_masked(p, epfd, ev, max, (int)ms, mask);
}
