/*
 * epoll(7) over loopback sockets: epoll_create1's flags, epoll_ctl's errors in Linux's order,
 * a TCP listener, level- and edge-triggered and one-shot items, the data echoed, maxevents,
 * peer shutdown and hang-up, a refused connect, UDP, timeouts, a closed (and a dup'ed) watched
 * socket, a host pipe and a socket in one epoll, a nested epoll, a signal interrupting the
 * wait, epoll_pwait and epoll_pwait2, and a forked child waiting on its parent's epoll. Prints
 * one line per check, no fd numbers and no timings; the same lines on Linux and under vk run.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static struct sockaddr_in at(int port)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return a;
}

static const char *err(int r)
{
	static char buf[64];
	if (r >= 0)
		snprintf(buf, sizeof(buf), "%d", r);
	else
		snprintf(buf, sizeof(buf), "-1 %s", strerrorname_np(errno));
	return buf;
}

/* The event bits by name, in the order of <sys/epoll.h>. */
static const char *evs(uint32_t e)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} names[] = {{EPOLLIN, "IN"},	      {EPOLLPRI, "PRI"},	 {EPOLLOUT, "OUT"},	  {EPOLLERR, "ERR"},
		     {EPOLLHUP, "HUP"},	      {EPOLLRDNORM, "RDNORM"}, {EPOLLRDBAND, "RDBAND"}, {EPOLLWRNORM, "WRNORM"},
		     {EPOLLWRBAND, "WRBAND"}, {EPOLLMSG, "MSG"},	 {EPOLLRDHUP, "RDHUP"}};
	static char buf[128];
	buf[0] = 0;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (e & names[i].bit) {
			if (buf[0])
				strcat(buf, "|");
			strcat(buf, names[i].name);
			e &= ~names[i].bit;
		}
	if (e)
		sprintf(buf + strlen(buf), "%s%#x", buf[0] ? "|" : "", e);
	if (!buf[0])
		strcpy(buf, "0");
	return buf;
}

/* One epoll_wait, its events printed in the order received. */
static int wait_show(const char *what, int ep, int max, int timeout)
{
	struct epoll_event ev[16];
	int n = epoll_wait(ep, ev, max, timeout);
	printf("%s: %s", what, err(n));
	for (int i = 0; i < n; i++)
		printf(" [%s data=%#llx]", evs(ev[i].events), (unsigned long long)ev[i].data.u64);
	printf("\n");
	return n;
}

/* One epoll_wait, its events printed sorted by data (where the order may differ). */
static int wait_sorted(const char *what, int ep, int max, int timeout)
{
	struct epoll_event ev[16];
	int n = epoll_wait(ep, ev, max, timeout);
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			if (ev[j].data.u64 < ev[i].data.u64) {
				struct epoll_event t = ev[i];
				ev[i] = ev[j];
				ev[j] = t;
			}
	printf("%s: %s", what, err(n));
	for (int i = 0; i < n; i++)
		printf(" [%s data=%#llx]", evs(ev[i].events), (unsigned long long)ev[i].data.u64);
	printf("\n");
	return n;
}

static int ctl(int ep, int op, int fd, uint32_t events, uint64_t data)
{
	struct epoll_event e = {.events = events, .data.u64 = data};
	return epoll_ctl(ep, op, fd, &e);
}

static void ctl_show(const char *what, int ep, int op, int fd, uint32_t events, uint64_t data)
{
	printf("%s: %s\n", what, err(ctl(ep, op, fd, events, data)));
}

static long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

static int udp_bound(int port)
{
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in a = at(port);
	if (bind(s, (struct sockaddr *)&a, sizeof(a)) < 0)
		perror("bind udp");
	return s;
}

static void udp_to(int s, int port, const char *msg)
{
	struct sockaddr_in a = at(port);
	if (sendto(s, msg, strlen(msg), 0, (struct sockaddr *)&a, sizeof(a)) < 0)
		perror("sendto");
}

static void drain(int s)
{
	char buf[256];
	while (recv(s, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		;
}

static void on_alarm(int sig)
{
	(void)sig;
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);

	/* epoll_create1 and epoll_create */
	int ep = epoll_create1(0);
	printf("epoll_create1(0): %s\n", ep >= 0 ? "ok" : err(ep));
	printf("  close-on-exec: %d\n", fcntl(ep, F_GETFD) & FD_CLOEXEC);
	int epc = epoll_create1(EPOLL_CLOEXEC);
	printf("epoll_create1(EPOLL_CLOEXEC): %s\n", epc >= 0 ? "ok" : err(epc));
	printf("  close-on-exec: %d\n", fcntl(epc, F_GETFD) & FD_CLOEXEC);
	printf("epoll_create1(1): %s\n", err(epoll_create1(1)));
	printf("epoll_create1(EPOLL_CLOEXEC|1): %s\n", err(epoll_create1(EPOLL_CLOEXEC | 1)));
	printf("epoll_create(0): %s\n", err(epoll_create(0)));
	printf("epoll_create(-1): %s\n", err(epoll_create(-1)));
	int epo = epoll_create(1);
	printf("epoll_create(1): %s\n", epo >= 0 ? "ok" : err(epo));
	close(epo);
	close(epc);

	/* epoll_ctl's errors, in do_epoll_ctl's order */
	int u1 = udp_bound(8030);
	int u2 = udp_bound(8031);
	int pfd[2];
	if (pipe(pfd) < 0)
		perror("pipe");
	int devnull = open("/dev/null", O_RDONLY);
	int closed = 777; /* above every fd this program opens */
	close(closed);
	ctl_show("ctl ADD socket into epfd -1", -1, EPOLL_CTL_ADD, u1, EPOLLIN, 1);
	ctl_show("ctl ADD socket into a closed epfd", closed, EPOLL_CTL_ADD, u1, EPOLLIN, 1);
	ctl_show("ctl ADD fd -1", ep, EPOLL_CTL_ADD, -1, EPOLLIN, 1);
	ctl_show("ctl ADD a closed fd", ep, EPOLL_CTL_ADD, closed, EPOLLIN, 1);
	ctl_show("ctl ADD a closed fd into epfd -1", -1, EPOLL_CTL_ADD, closed, EPOLLIN, 1);
	ctl_show("ctl ADD /dev/null", ep, EPOLL_CTL_ADD, devnull, EPOLLIN, 1);
	ctl_show("ctl ADD socket into a socket", u2, EPOLL_CTL_ADD, u1, EPOLLIN, 1);
	ctl_show("ctl ADD socket into a pipe", pfd[0], EPOLL_CTL_ADD, u1, EPOLLIN, 1);
	ctl_show("ctl ADD pipe into a socket", u1, EPOLL_CTL_ADD, pfd[0], EPOLLIN, 1);
	ctl_show("ctl ADD socket into itself", u1, EPOLL_CTL_ADD, u1, EPOLLIN, 1);
	ctl_show("ctl ADD epfd into itself", ep, EPOLL_CTL_ADD, ep, EPOLLIN, 1);
	ctl_show("ctl DEL socket never added (fresh epoll)", ep, EPOLL_CTL_DEL, u1, 0, 0);
	ctl_show("ctl MOD socket never added (fresh epoll)", ep, EPOLL_CTL_MOD, u1, EPOLLIN, 0);
	ctl_show("ctl MOD|EXCLUSIVE socket never added (fresh epoll)", ep, EPOLL_CTL_MOD, u1, EPOLLIN | EPOLLEXCLUSIVE, 0);
	ctl_show("ctl op 99 socket (fresh epoll)", ep, 99, u1, EPOLLIN, 0);
	printf("ctl DEL socket, NULL event (fresh epoll): %s\n", err(epoll_ctl(ep, EPOLL_CTL_DEL, u1, NULL)));
	ctl_show("ctl ADD EXCLUSIVE|ONESHOT socket", ep, EPOLL_CTL_ADD, u1, EPOLLIN | EPOLLEXCLUSIVE | EPOLLONESHOT, 1);
	ctl_show("ctl ADD EXCLUSIVE|RDHUP socket", ep, EPOLL_CTL_ADD, u1, EPOLLIN | EPOLLEXCLUSIVE | EPOLLRDHUP, 1);
	ctl_show("ctl ADD socket", ep, EPOLL_CTL_ADD, u1, EPOLLIN, 1);
	ctl_show("ctl ADD socket again", ep, EPOLL_CTL_ADD, u1, EPOLLIN, 1);
	ctl_show("ctl MOD|EXCLUSIVE socket", ep, EPOLL_CTL_MOD, u1, EPOLLIN | EPOLLEXCLUSIVE, 1);
	ctl_show("ctl DEL socket never added", ep, EPOLL_CTL_DEL, u2, 0, 0);
	ctl_show("ctl MOD socket never added", ep, EPOLL_CTL_MOD, u2, EPOLLIN, 0);
	ctl_show("ctl op 99 socket", ep, 99, u1, EPOLLIN, 0);
	ctl_show("ctl MOD socket", ep, EPOLL_CTL_MOD, u1, EPOLLIN | EPOLLOUT, 1);
	printf("ctl DEL socket, NULL event: %s\n", err(epoll_ctl(ep, EPOLL_CTL_DEL, u1, NULL)));
	ctl_show("ctl DEL socket again", ep, EPOLL_CTL_DEL, u1, 0, 0);
	ctl_show("ctl ADD pipe", ep, EPOLL_CTL_ADD, pfd[0], EPOLLIN, 1);
	ctl_show("ctl ADD pipe again", ep, EPOLL_CTL_ADD, pfd[0], EPOLLIN, 1);
	ctl_show("ctl DEL pipe", ep, EPOLL_CTL_DEL, pfd[0], 0, 0);
	int inner = epoll_create1(0);
	ctl_show("ctl ADD EXCLUSIVE epoll", ep, EPOLL_CTL_ADD, inner, EPOLLIN | EPOLLEXCLUSIVE, 1);
	ctl_show("ctl ADD epoll", ep, EPOLL_CTL_ADD, inner, EPOLLIN, 1);
	ctl_show("ctl ADD the outer into the inner (a loop)", inner, EPOLL_CTL_ADD, ep, EPOLLIN, 1);
	ctl_show("ctl DEL epoll", ep, EPOLL_CTL_DEL, inner, 0, 0);
	close(inner);
	wait_show("wait maxevents 0", ep, 0, 0);
	wait_show("wait maxevents -1", ep, -1, 0);
	wait_show("wait on a socket", u1, 1, 0);
	wait_show("wait on a closed fd", closed, 1, 0);
	close(devnull);

	/* a UDP socket: writable at once, readable when a datagram comes */
	ctl_show("udp ADD IN|OUT", ep, EPOLL_CTL_ADD, u1, EPOLLIN | EPOLLOUT, 0x1122334455667788ULL);
	wait_show("udp idle", ep, 8, 1000);
	udp_to(u2, 8030, "hello");
	wait_show("udp datagram", ep, 8, 1000);
	drain(u1);
	ctl_show("udp MOD IN", ep, EPOLL_CTL_MOD, u1, EPOLLIN, 0xfedcba9876543210ULL);
	wait_show("udp drained", ep, 8, 0);
	udp_to(u2, 8030, "again");
	wait_show("udp datagram, data changed", ep, 8, 1000);
	drain(u1);
	ctl_show("udp DEL", ep, EPOLL_CTL_DEL, u1, 0, 0);

	/* timeouts */
	long t0 = now_ms();
	wait_show("wait 50 ms, nothing watched", ep, 8, 50);
	printf("  waited 50 ms: %s\n", now_ms() - t0 >= 45 ? "yes" : "no");
	ctl(ep, EPOLL_CTL_ADD, u1, EPOLLIN, 1);
	t0 = now_ms();
	wait_show("wait 50 ms, an idle socket watched", ep, 8, 50);
	printf("  waited 50 ms: %s\n", now_ms() - t0 >= 45 ? "yes" : "no");
	epoll_ctl(ep, EPOLL_CTL_DEL, u1, NULL);

	/* a TCP listener, a connect, accept */
	int l = socket(AF_INET, SOCK_STREAM, 0);
	int one = 1;
	setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	struct sockaddr_in la = at(8032);
	if (bind(l, (struct sockaddr *)&la, sizeof(la)) < 0 || listen(l, 8) < 0)
		perror("listen");
	ctl_show("listener ADD IN", ep, EPOLL_CTL_ADD, l, EPOLLIN, 100);
	wait_show("listener idle", ep, 8, 0);
	int c = socket(AF_INET, SOCK_STREAM, 0);
	printf("connect: %s\n", err(connect(c, (struct sockaddr *)&la, sizeof(la))));
	wait_show("listener after connect", ep, 8, 1000);
	int a = accept(l, NULL, NULL);
	printf("accept: %s\n", a >= 0 ? "ok" : err(a));
	wait_show("listener after accept", ep, 8, 0);
	epoll_ctl(ep, EPOLL_CTL_DEL, l, NULL);
	ctl_show("client ADD OUT", ep, EPOLL_CTL_ADD, c, EPOLLOUT, 101);
	wait_show("client writable", ep, 8, 1000);
	epoll_ctl(ep, EPOLL_CTL_DEL, c, NULL);

	/* level-triggered: reported while data is unread */
	char buf[64];
	ctl_show("server ADD IN (level)", ep, EPOLL_CTL_ADD, a, EPOLLIN, 2);
	wait_show("level, nothing sent", ep, 8, 0);
	send(c, "abc", 3, 0);
	wait_show("level, 3 bytes sent", ep, 8, 1000);
	wait_show("level, still unread", ep, 8, 1000);
	printf("recv: %s\n", err((int)recv(a, buf, sizeof(buf), 0)));
	wait_show("level, read", ep, 8, 0);

	/* edge-triggered: once per arrival */
	ctl_show("server MOD IN|ET", ep, EPOLL_CTL_MOD, a, EPOLLIN | EPOLLET, 3);
	send(c, "x", 1, 0);
	wait_show("edge, 1 byte sent", ep, 8, 1000);
	wait_show("edge, unread but no new data", ep, 8, 50);
	send(c, "y", 1, 0);
	wait_show("edge, 1 more byte sent", ep, 8, 1000);
	wait_show("edge, again no new data", ep, 8, 50);
	printf("recv: %s\n", err((int)recv(a, buf, sizeof(buf), 0)));

	/* one-shot: once, then silent until MOD re-arms it */
	ctl_show("server MOD IN|ONESHOT", ep, EPOLL_CTL_MOD, a, EPOLLIN | EPOLLONESHOT, 4);
	send(c, "z", 1, 0);
	wait_show("oneshot, 1 byte sent", ep, 8, 1000);
	wait_show("oneshot, disarmed", ep, 8, 50);
	send(c, "w", 1, 0);
	wait_show("oneshot, disarmed, more data", ep, 8, 50);
	ctl_show("ctl ADD disarmed socket again", ep, EPOLL_CTL_ADD, a, EPOLLIN, 4);
	ctl_show("server MOD IN|ONESHOT (re-arm)", ep, EPOLL_CTL_MOD, a, EPOLLIN | EPOLLONESHOT, 5);
	wait_show("oneshot, re-armed", ep, 8, 1000);
	wait_show("oneshot, disarmed again", ep, 8, 0);
	printf("recv: %s\n", err((int)recv(a, buf, sizeof(buf), 0)));
	ctl_show("server DEL disarmed", ep, EPOLL_CTL_DEL, a, 0, 0);

	/* maxevents 1 over two ready sockets: the ready list's order, round-robin */
	udp_to(u2, 8030, "one");
	int u3 = udp_bound(8033);
	udp_to(u2, 8033, "two");
	/* both have a datagram before they are added: ready in the order added */
	ctl(ep, EPOLL_CTL_ADD, u1, EPOLLIN, 10);
	ctl(ep, EPOLL_CTL_ADD, u3, EPOLLIN, 11);
	wait_show("maxevents 1, first", ep, 1, 1000);
	wait_show("maxevents 1, second", ep, 1, 1000);
	wait_show("maxevents 1, third", ep, 1, 1000);
	wait_show("maxevents 2", ep, 2, 1000);
	drain(u1);
	drain(u3);
	wait_show("both drained", ep, 8, 0);
	epoll_ctl(ep, EPOLL_CTL_DEL, u1, NULL);
	epoll_ctl(ep, EPOLL_CTL_DEL, u3, NULL);

	/* the peer's shutdown(SHUT_WR), then ours: RDHUP, then HUP */
	ctl_show("server ADD IN|RDHUP", ep, EPOLL_CTL_ADD, a, EPOLLIN | EPOLLRDHUP, 6);
	wait_show("server, nothing", ep, 8, 0);
	printf("client shutdown(SHUT_WR): %s\n", err(shutdown(c, SHUT_WR)));
	wait_show("server after the peer's SHUT_WR", ep, 8, 1000);
	ctl_show("client ADD IN|RDHUP", ep, EPOLL_CTL_ADD, c, EPOLLIN | EPOLLRDHUP, 7);
	wait_sorted("both", ep, 8, 1000);
	printf("server shutdown(SHUT_WR): %s\n", err(shutdown(a, SHUT_WR)));
	wait_sorted("both after both SHUT_WR", ep, 8, 1000);
	close(c);
	wait_show("server after the client's close", ep, 8, 1000);
	close(a);
	wait_show("all closed", ep, 8, 0);

	/* a refused connect */
	int r = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	struct sockaddr_in nobody = at(8034);
	printf("connect to a closed port: %s\n", err(connect(r, (struct sockaddr *)&nobody, sizeof(nobody))));
	ctl_show("refused ADD IN|OUT|RDHUP", ep, EPOLL_CTL_ADD, r, EPOLLIN | EPOLLOUT | EPOLLRDHUP, 8);
	wait_show("refused", ep, 8, 1000);
	int soerr = 0;
	socklen_t len = sizeof(soerr);
	getsockopt(r, SOL_SOCKET, SO_ERROR, &soerr, &len);
	printf("SO_ERROR: %s\n", strerrorname_np(soerr));
	ctl_show("refused MOD 0", ep, EPOLL_CTL_MOD, r, 0, 9);
	wait_show("refused, no events asked: ERR and HUP all the same", ep, 8, 1000);
	close(r);

	/* a closed socket leaves the epoll; a dup keeps it there */
	udp_to(u2, 8030, "three");
	ctl(ep, EPOLL_CTL_ADD, u1, EPOLLIN, 12);
	int d = dup(u1);
	wait_show("watched socket ready", ep, 8, 1000);
	close(u1);
	wait_show("closed, but its dup is open", ep, 8, 1000);
	ctl_show("ctl DEL the closed fd", ep, EPOLL_CTL_DEL, u1, 0, 0);
	ctl_show("ctl DEL the dup (not what was added)", ep, EPOLL_CTL_DEL, d, 0, 0);
	close(d);
	wait_show("dup closed too", ep, 8, 50);
	u1 = udp_bound(8030);

	/* a host pipe and a socket in one epoll */
	ctl_show("mix ADD pipe", ep, EPOLL_CTL_ADD, pfd[0], EPOLLIN, 20);
	ctl_show("mix ADD socket", ep, EPOLL_CTL_ADD, u1, EPOLLIN, 21);
	t0 = now_ms();
	wait_show("mix, nothing", ep, 8, 50);
	printf("  waited 50 ms: %s\n", now_ms() - t0 >= 45 ? "yes" : "no");
	if (write(pfd[1], "p", 1) != 1)
		perror("write");
	wait_show("mix, pipe written", ep, 8, 1000);
	udp_to(u2, 8030, "four");
	wait_sorted("mix, both ready", ep, 8, 1000);
	if (read(pfd[0], buf, sizeof(buf)) != 1)
		perror("read");
	wait_show("mix, pipe read", ep, 8, 1000);
	wait_show("mix, maxevents 1", ep, 1, 1000);
	if (write(pfd[1], "q", 1) != 1)
		perror("write");
	struct epoll_event two[2];
	int n1 = epoll_wait(ep, two, 1, 1000);
	int n2 = epoll_wait(ep, two + 1, 1, 1000);
	printf("mix, maxevents 1 twice: %d %d, both seen: %s\n", n1, n2,
	       n1 == 1 && n2 == 1 && two[0].data.u64 + two[1].data.u64 == 41 ? "yes" : "no");
	drain(u1);
	if (read(pfd[0], buf, sizeof(buf)) != 1)
		perror("read");
	wait_show("mix, both read", ep, 8, 0);
	ctl_show("mix DEL pipe", ep, EPOLL_CTL_DEL, pfd[0], 0, 0);
	ctl_show("mix DEL socket", ep, EPOLL_CTL_DEL, u1, 0, 0);

	/* a nested epoll: the inner watches a socket, the outer the inner */
	int in = epoll_create1(EPOLL_CLOEXEC);
	ctl_show("inner ADD socket", in, EPOLL_CTL_ADD, u1, EPOLLIN, 30);
	ctl_show("outer ADD inner", ep, EPOLL_CTL_ADD, in, EPOLLIN, 31);
	wait_show("outer, nothing", ep, 8, 0);
	udp_to(u2, 8030, "five");
	wait_show("outer, the inner's socket ready", ep, 8, 1000);
	wait_show("inner", in, 8, 1000);
	drain(u1);
	wait_show("outer, drained", ep, 8, 0);
	ctl_show("outer DEL inner", ep, EPOLL_CTL_DEL, in, 0, 0);
	close(in);

	/* a signal without SA_RESTART ends the wait with EINTR */
	struct sigaction sa = {.sa_handler = on_alarm};
	sigaction(SIGALRM, &sa, NULL);
	ctl(ep, EPOLL_CTL_ADD, u1, EPOLLIN, 40);
	struct itimerval it = {.it_value = {.tv_usec = 100000}};
	setitimer(ITIMER_REAL, &it, NULL);
	wait_show("wait forever, SIGALRM after 100 ms", ep, 8, -1);
	sigset_t block;
	sigemptyset(&block);
	sigaddset(&block, SIGALRM);
	setitimer(ITIMER_REAL, &it, NULL);
	struct epoll_event pev[4];
	int pn = epoll_pwait(ep, pev, 4, 300, &block);
	printf("epoll_pwait 300 ms, SIGALRM blocked: %s\n", err(pn));
	struct timespec ts = {0, 50 * 1000000L};
	pn = epoll_pwait2(ep, pev, 4, &ts, NULL);
	printf("epoll_pwait2 50 ms: %s\n", err(pn));
	struct timespec bad = {0, 1000000000L};
	pn = epoll_pwait2(ep, pev, 4, &bad, NULL);
	printf("epoll_pwait2 tv_nsec 1e9: %s\n", err(pn));
	udp_to(u2, 8030, "six");
	ts.tv_nsec = 0;
	ts.tv_sec = 1;
	pn = epoll_pwait2(ep, pev, 4, &ts, NULL);
	printf("epoll_pwait2 datagram: %s [%s data=%#llx]\n", err(pn), pn > 0 ? evs(pev[0].events) : "-",
	       pn > 0 ? (unsigned long long)pev[0].data.u64 : 0ULL);

	/* fork: the child waits on the epoll it shares with its parent */
	pid_t child = fork();
	if (child == 0) {
		wait_show("child", ep, 8, 1000);
		drain(u1);
		_exit(0);
	}
	int status;
	waitpid(child, &status, 0);
	wait_show("parent after the child read", ep, 8, 0);
	printf("close epoll: %s\n", err(close(ep)));
	printf("done\n");
	return 0;
}
