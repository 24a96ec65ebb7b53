/*
 * sendmmsg and recvmmsg on UDP over loopback: counts, msg_len, MSG_WAITFORONE, MSG_DONTWAIT,
 * the timeout's checks, a failure after some messages, a pending error first. Prints one line
 * per check; the same lines on Linux and under vk run.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static struct sockaddr_in at(int port)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return a;
}

static void show(const char *what, int r, struct mmsghdr *m)
{
	printf("%s = %d", what, r);
	if (r < 0)
		printf(" %s", strerrorname_np(errno));
	for (int i = 0; m && i < r; i++)
		printf(" [%u%s]", m[i].msg_len, m[i].msg_hdr.msg_flags & MSG_TRUNC ? " TRUNC" : "");
	printf("\n");
}

int main(void)
{
	struct sockaddr_in ra = at(8010);
	int r = socket(AF_INET, SOCK_DGRAM, 0);
	bind(r, (struct sockaddr *)&ra, sizeof(ra));
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	connect(s, (struct sockaddr *)&ra, sizeof(ra));

	char *text[] = {"a", "bb", "ccc", "dddd"};
	struct iovec out[4];
	struct mmsghdr m[4];
	memset(m, 0, sizeof(m));
	for (int i = 0; i < 4; i++) {
		out[i] = (struct iovec){text[i], strlen(text[i])};
		m[i].msg_hdr.msg_iov = &out[i];
		m[i].msg_hdr.msg_iovlen = 1;
	}
	show("sendmmsg 3", sendmmsg(s, m, 3, 0), m);
	show("sendmmsg 0", sendmmsg(s, m, 0, 0), NULL);

	char buf[4][8];
	struct iovec in[4];
	struct mmsghdr g[4];
	memset(g, 0, sizeof(g));
	for (int i = 0; i < 4; i++) {
		in[i] = (struct iovec){buf[i], sizeof(buf[i])};
		g[i].msg_hdr.msg_iov = &in[i];
		g[i].msg_hdr.msg_iovlen = 1;
	}
	show("recvmmsg 2 WAITFORONE", recvmmsg(r, g, 2, MSG_WAITFORONE, NULL), g);
	show("recvmmsg 4 DONTWAIT", recvmmsg(r, g, 4, MSG_DONTWAIT, NULL), g);
	show("recvmmsg empty DONTWAIT", recvmmsg(r, g, 2, MSG_DONTWAIT, NULL), g);
	struct timespec bad = {0, -1};
	show("recvmmsg bad timeout", recvmmsg(r, g, 2, 0, &bad), g);

	sendmmsg(s, m, 2, 0);
	struct timespec zero = {0, 0};
	show("recvmmsg timeout 0", recvmmsg(r, g, 4, 0, &zero), g);
	show("recvmmsg 1 after", recvmmsg(r, g, 1, 0, NULL), g);

	in[0].iov_len = 2; /* "dddd" into 2 bytes */
	sendmmsg(s, m + 3, 1, 0);
	show("recvmmsg truncated", recvmmsg(r, g, 1, 0, NULL), g);
	in[0].iov_len = sizeof(buf[0]);

	int u = socket(AF_INET, SOCK_DGRAM, 0); /* not connected: the second message has no address */
	m[0].msg_hdr.msg_name = &ra;
	m[0].msg_hdr.msg_namelen = sizeof(ra);
	show("sendmmsg second fails", sendmmsg(u, m, 2, 0), m);
	show("sendmmsg first fails", sendmmsg(u, m + 1, 2, 0), m + 1);
	show("recvmmsg the one sent", recvmmsg(r, g, 4, MSG_DONTWAIT, NULL), g);

	struct sockaddr_in closed = at(8011);
	int c = socket(AF_INET, SOCK_DGRAM, 0);
	connect(c, (struct sockaddr *)&closed, sizeof(closed));
	send(c, "x", 1, 0);
	usleep(100000);
	show("recvmmsg pending error", recvmmsg(c, g, 2, MSG_DONTWAIT, NULL), g);
	show("recvmmsg after it", recvmmsg(c, g, 2, MSG_DONTWAIT, NULL), g);
	show("recvmmsg bad fd", recvmmsg(99, g, 2, 0, NULL), g);
	show("sendmmsg not a socket", sendmmsg(0, m, 1, 0), NULL);
	return 0;
}
