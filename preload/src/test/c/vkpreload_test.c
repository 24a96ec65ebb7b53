/*
 * libvkpreload without a kernel: a fake vk run (a forked child) answers the library's frames as
 * vk run does for fd numbers (a new fd lands on the number the library reserved), and the test
 * checks that host and vkernel fds share one lowest-free numbering, that dup2 crosses between
 * them, and that a vk run gone makes calls fail with EIO. Run with LD_PRELOAD by the preload
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
enum { SOCKET = 1, LISTEN = 3, CLOSE = 13, DUP3 = 14 };

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

/* One connection of the fake vk run: new fds on their target, CLOSE ok, LISTEN hangs up, the rest ENOSYS. */
static void serve(int c)
{
	struct req q;
	char data[4096];
	while (full(c, &q, sizeof(q), 0) == 0) {
		size_t len = q.len - (sizeof(q) - sizeof(q.len));
		if (len > sizeof(data) || full(c, data, len, 0) < 0)
			_exit(1);
		struct ans a = {.len = sizeof(a) - sizeof(a.len)};
		if (q.nr == SOCKET || q.nr == DUP3)
			a.ret = q.arg[3];
		else if (q.nr == LISTEN)
			_exit(0);
		else if (q.nr != CLOSE)
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
