/*
 * Signals and restarts (signal(7)): with SA_RESTART a blocking recv goes on after the handler,
 * while poll, select and epoll_wait never restart and fail with EINTR;
 * without SA_RESTART a recv fails with EINTR too.
 */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

static volatile sig_atomic_t handled;
static struct sockaddr_in addr;

static void on_alarm(int sig)
{
	(void)sig;
	handled++;
}

static void handler(int flags)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
}

/* SIGALRM in ms milliseconds, once. */
static void alarm_ms(int ms)
{
	struct itimerval t = {{0, 0}, {ms / 1000, (ms % 1000) * 1000}};
	setitimer(ITIMER_REAL, &t, NULL);
}

static void report(const char *what, long r)
{
	printf("%s: %ld %s (handler ran %d)\n", what, r, r < 0 ? strerror(errno) : "", (int)handled);
	handled = 0;
}

static void *send_later(void *arg)
{
	(void)arg;
	usleep(900 * 1000);
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	sendto(s, "x", 1, 0, (struct sockaddr *)&addr, sizeof(addr));
	close(s);
	return NULL;
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	int u = socket(AF_INET, SOCK_DGRAM, 0);
	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	addr.sin_port = htons(8061);
	if (bind(u, (struct sockaddr *)&addr, sizeof(addr)) != 0) {
		perror("bind");
		return 1;
	}
	char buf[16];

	handler(SA_RESTART);
	struct pollfd p = {u, POLLIN, 0};
	alarm_ms(300);
	report("SA_RESTART poll", poll(&p, 1, 5000));

	fd_set r;
	FD_ZERO(&r);
	FD_SET(u, &r);
	struct timeval tv = {5, 0};
	alarm_ms(300);
	report("SA_RESTART select", select(u + 1, &r, NULL, NULL, &tv));

	int ep = epoll_create1(0);
	struct epoll_event ev = {.events = EPOLLIN};
	epoll_ctl(ep, EPOLL_CTL_ADD, u, &ev);
	alarm_ms(300);
	report("SA_RESTART epoll_wait", epoll_wait(ep, &ev, 1, 5000));

	pthread_t t;
	pthread_create(&t, NULL, send_later, NULL);
	alarm_ms(300);
	report("SA_RESTART recv (restarted, then the datagram)", recv(u, buf, sizeof(buf), 0));
	pthread_join(t, NULL);

	handler(0);
	alarm_ms(300);
	report("no SA_RESTART recv", recv(u, buf, sizeof(buf), 0));
	return 0;
}
