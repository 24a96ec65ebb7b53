/*
 * libvkpreload without a kernel: a fake vk run (a forked child) answers the library's frames as
 * vk run does for fd numbers (a new fd lands on the number the library reserved), and the test
 * checks that host and vkernel fds share one lowest-free numbering, that dup2 crosses between
 * them, that a host epoll's vkernel items go to a hidden vkernel epoll on a reserved number, and
 * that a vk run gone makes calls fail with EIO. Run with LD_PRELOAD by the preload
 * module's test phase; exit status 0 when every check holds.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

/* the frames and call numbers of docs/run.md */
struct req {
	uint32_t len;
	uint32_t nr;
	int64_t arg[4];
};
struct ans {
	uint32_t len;
	int32_t err;
	int64_t ret;
};
enum { SOCKET = 1, LISTEN = 3, CLOSE = 13, DUP3 = 14, EPOLL_CREATE1 = 24, EPOLL_CTL = 25, EPOLL_WAIT = 26 };

/* the protocol's struct epoll_event */
struct pevent {
	uint32_t events;
	uint64_t data;
} __attribute__((packed));

static int failures;

#define CHECK(cond)                                                          \
	do {                                                                 \
		if (!(cond)) {                                               \
			fprintf(stderr, "vkpreload_test:%d: %s\n", __LINE__, #cond); \
			failures++;                                          \
		}                                                            \
	} while (0)

static int full(int fd, void *p, size_t n, int writing)
{
	while (n > 0) {
		ssize_t r = writing ? write(fd, p, n) : read(fd, p, n);
		if (r <= 0)
			return -1;
		p = (char *)p + r;
		n -= (size_t)r;
	}
	return 0;
}

/*
 * One connection of the fake vk run: new fds on their target, CLOSE ok, LISTEN hangs up; EPOLL_CTL
 * ok when its event is 12 bytes; EPOLL_WAIT one event, EPOLLIN, data the hidden epoll's fd << 32
 * | maxevents; the rest ENOSYS.
 */
static void serve(int c)
{
	struct req q;
	char data[4096];
	while (full(c, &q, sizeof(q), 0) == 0) {
		size_t len = q.len - (sizeof(q) - sizeof(q.len));
		if (len > sizeof(data) || full(c, data, len, 0) < 0)
			_exit(1);
		struct ans a = {.len = sizeof(a) - sizeof(a.len)};
		struct pevent ev = {EPOLLIN, (uint64_t)q.arg[0] << 32 | (uint64_t)q.arg[1]};
		if (q.nr == SOCKET || q.nr == DUP3 || q.nr == EPOLL_CREATE1)
			a.ret = q.arg[3];
		else if (q.nr == EPOLL_CTL && len != (q.arg[3] ? sizeof(ev) : 0))
			a = (struct ans){.len = a.len, .err = EINVAL, .ret = -1};
		else if (q.nr == EPOLL_WAIT) {
			a = (struct ans){.len = a.len + sizeof(ev), .ret = 1};
			if (full(c, &a, sizeof(a), 1) < 0 || full(c, &ev, sizeof(ev), 1) < 0)
				_exit(1);
			continue;
		}
		else if (q.nr == LISTEN)
			_exit(0);
		else if (q.nr != CLOSE && q.nr != EPOLL_CTL)
			a = (struct ans){.len = a.len, .err = ENOSYS, .ret = -1};
		if (full(c, &a, sizeof(a), 1) < 0)
			_exit(1);
	}
	_exit(0);
}

/* libc's fork, not the library's: the fake vk run is not a task to make before it listens */
static pid_t libc_fork(void)
{
	void *libc = dlopen("libc.so.6", RTLD_LAZY | RTLD_NOLOAD);
	pid_t (*real_fork)(void) = libc ? (pid_t(*)(void))dlsym(libc, "fork") : NULL;
	return real_fork ? real_fork() : -1;
}

static pid_t fake_vk_run(const char *path)
{
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	strncpy(sun.sun_path, path, sizeof(sun.sun_path) - 1);
	unlink(path);
	int l = socket(AF_UNIX, SOCK_STREAM, 0);
	if (l < 0 || bind(l, (struct sockaddr *)&sun, sizeof(sun)) < 0 || listen(l, 4) < 0) {
		perror("fake vk run");
		exit(2);
	}
	pid_t pid = libc_fork();
	if (pid == 0) {
		int c = accept(l, NULL, NULL);
		close(l);
		unlink(path); /* one connection only: the program's next connect finds no one */
		serve(c);
	}
	close(l);
	return pid;
}

/* What the host fd number holds, "" when it is closed. */
static const char *link_of(int fd)
{
	static char link[64];
	char path[40];
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	ssize_t n = readlink(path, link, sizeof(link) - 1);
	link[n < 0 ? 0 : n] = 0;
	return link;
}

/* The host fd's close-on-exec bit, from /proc (fcntl of a vkernel fd asks the fake). */
static int cloexec_of(int fd)
{
	char path[40], line[128];
	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	FILE *f = fopen(path, "r");
	unsigned flags = 0;
	while (f && fgets(line, sizeof(line), f))
		sscanf(line, "flags: %o", &flags);
	if (f)
		fclose(f);
	return (flags & O_CLOEXEC) != 0;
}

/* A host epoll, its hidden vkernel epoll on a reserved number, mixed waits, close. */
static void epolls(void)
{
	int ep = epoll_create1(0);
	int s = socket(AF_INET, SOCK_STREAM, 0);
	int p[2];
	CHECK(pipe(p) == 0);
	CHECK(strcmp(link_of(ep), "anon_inode:[eventpoll]") == 0); /* the host's own epoll */
	int next = open("/dev/null", O_RDONLY);
	close(next); /* the program's next number, before and after the hidden epoll is made */
	int hole = 900; /* VK_HIDDEN_FD: where the hidden epoll goes, out of the way of the lowest free */
	struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 7};
	struct epoll_event out[4];
	CHECK(epoll_ctl(ep, EPOLL_CTL_DEL, s, NULL) == -1 && errno == ENOENT); /* no vkernel item yet: no frame */
	CHECK(epoll_ctl(ep, EPOLL_CTL_MOD, s, NULL) == -1 && errno == EFAULT);
	CHECK(epoll_ctl(-1, EPOLL_CTL_ADD, s, &ev) == -1 && errno == EBADF);
	CHECK(epoll_ctl(p[0], EPOLL_CTL_ADD, s, &ev) == -1 && errno == EINVAL); /* a pipe is no epoll */
	CHECK(epoll_ctl(s, EPOLL_CTL_ADD, p[0], &ev) == -1 && errno == EINVAL); /* nor a socket */
	CHECK(strcmp(link_of(hole), "") == 0);
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev) == 0);
	CHECK(strcmp(link_of(hole), "/dev/null") == 0 && cloexec_of(hole)); /* the hidden epoll's placeholder */
	int after = open("/dev/null", O_RDONLY);
	CHECK(after == next); /* the hidden epoll took no low number */
	close(after);
	CHECK(epoll_wait(ep, out, 4, 0) == 1 && out[0].events == EPOLLIN &&
	      out[0].data.u64 == ((uint64_t)hole << 32 | 4)); /* the hidden epoll's VK_EPOLL_WAIT */
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev) == 0); /* a host item too */
	CHECK(write(p[1], "x", 1) == 1);
	int n = epoll_wait(ep, out, 4, 1000);
	int host_first = n == 2 && out[0].data.u64 == 7;
	CHECK(n == 2 && out[!host_first].data.u64 == 7 && out[host_first].data.u64 >> 32 == (uint64_t)hole); /* both */
	CHECK(epoll_wait(ep, out, 1, 0) == 1); /* one side's, at maxevents 1 */
	CHECK(epoll_ctl(ep, EPOLL_CTL_DEL, s, NULL) == 0);
	CHECK(epoll_wait(ep, out, 4, 0) == 1 && out[0].data.u64 == 7); /* no vkernel item: the host's wait */
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev) == 0);
	int dup_ep = dup(ep);
	close(ep);
	CHECK(strcmp(link_of(hole), "/dev/null") == 0); /* the dup still names the epoll */
	CHECK(epoll_wait(dup_ep, out, 4, 0) == 2);
	close(dup_ep);
	CHECK(strcmp(link_of(hole), "") == 0); /* the hidden epoll went with the last */
	close(p[0]);
	close(p[1]);
	close(s);
}

int main(void)
{
	for (int fd = 3; fd < 1024; fd++)
		close(fd); /* whatever the test's parent left open: the numbers below start at 3 */
	pid_t server = fake_vk_run(getenv("VKERNEL_RUN_SOCK"));

	int a = socket(AF_INET, SOCK_STREAM, 0);
	int f = open("/dev/null", O_RDONLY);
	int b = socket(AF_INET, SOCK_DGRAM, 0);
	CHECK(a == 3 && f == 4 && b == 5);
	close(f);
	int n = socket(AF_NETLINK, SOCK_RAW, 0);
	CHECK(n == 4); /* a host file's hole */
	int u = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(u == 6);
	struct sockaddr_un name;
	socklen_t len = sizeof(name);
	CHECK(getsockname(u, (struct sockaddr *)&name, &len) == 0 && name.sun_family == AF_UNIX); /* the host's */
	close(b);
	CHECK(open("/dev/null", O_RDONLY) == 5); /* a vkernel fd's hole */
	CHECK(dup(a) == 7);
	CHECK(fcntl(a, F_DUPFD, 10) == 10);
	CHECK(dup2(u, a) == a); /* a host socket replaces vkernel's fd 3 */
	int type = 0;
	len = sizeof(type);
	CHECK(getsockopt(a, SOL_SOCKET, SO_TYPE, &type, &len) == 0 && type == SOCK_STREAM);
	CHECK(dup2(7, 5) == 5); /* vkernel's fd 7 onto the host file at 5 */
	CHECK(getsockopt(5, SOL_SOCKET, SO_TYPE, &type, &len) == -1 && errno == ENOSYS); /* asked of the fake */

	epolls();

	CHECK(listen(n, 1) == -1 && errno == EIO); /* vk run hung up mid-call */
	CHECK(socket(AF_INET, SOCK_STREAM, 0) == -1 && errno == EIO); /* and is not there to reconnect to */
	CHECK(open("/dev/null", O_RDONLY) == 8); /* the failed socket's placeholder went back */

	int status;
	waitpid(server, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	if (failures == 0)
		printf("vkpreload_test: ok\n");
	return failures ? 1 : 0;
}
