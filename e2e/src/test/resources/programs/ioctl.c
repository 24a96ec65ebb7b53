/*
 * ioctl(2) on sockets over loopback: the queue sizes (FIONREAD/SIOCINQ, SIOCOUTQ,
 * SIOCOUTQNSD, SIOCATMARK) of TCP, UDP and netlink sockets, the file's own commands
 * (FIONBIO, FIOCLEX), and the device commands (struct ifreq) of lo. Prints one line per
 * check; the same lines on Linux and under vk run.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

static struct sockaddr_in at(int port)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return a;
}

static void q(const char *what, int fd, unsigned long cmd)
{
	int v = -7;
	int r = ioctl(fd, cmd, &v);
	if (r < 0)
		printf("%s = -1 %s\n", what, strerrorname_np(errno));
	else
		printf("%s = %d\n", what, v);
}

static void dev(const char *what, int fd, unsigned long cmd, const char *name, int index)
{
	struct ifreq ifr;
	memset(&ifr, 0, sizeof(ifr));
	strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
	if (cmd == SIOCGIFNAME)
		ifr.ifr_ifindex = index;
	if (ioctl(fd, cmd, &ifr) < 0) {
		printf("%s = -1 %s\n", what, strerrorname_np(errno));
		return;
	}
	struct sockaddr_in *sin = (struct sockaddr_in *)&ifr.ifr_addr;
	switch (cmd) {
	case SIOCGIFNAME:
		printf("%s = %s\n", what, ifr.ifr_name);
		break;
	case SIOCGIFINDEX:
		printf("%s = %d\n", what, ifr.ifr_ifindex);
		break;
	case SIOCGIFFLAGS:
		printf("%s = %#x (%s)\n", what, (unsigned short)ifr.ifr_flags, ifr.ifr_name);
		break;
	case SIOCGIFMTU:
		printf("%s = %d\n", what, ifr.ifr_mtu);
		break;
	case SIOCGIFTXQLEN:
		printf("%s = %d\n", what, ifr.ifr_qlen);
		break;
	case SIOCGIFMETRIC:
		printf("%s = %d\n", what, ifr.ifr_metric);
		break;
	case SIOCGIFHWADDR:
		printf("%s = family %d %02x:%02x:%02x:%02x:%02x:%02x\n", what, ifr.ifr_hwaddr.sa_family,
		       (unsigned char)ifr.ifr_hwaddr.sa_data[0], (unsigned char)ifr.ifr_hwaddr.sa_data[1],
		       (unsigned char)ifr.ifr_hwaddr.sa_data[2], (unsigned char)ifr.ifr_hwaddr.sa_data[3],
		       (unsigned char)ifr.ifr_hwaddr.sa_data[4], (unsigned char)ifr.ifr_hwaddr.sa_data[5]);
		break;
	default:
		printf("%s = family %d %s\n", what, sin->sin_family, inet_ntoa(sin->sin_addr));
	}
}

static void wait_in(int fd)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	poll(&p, 1, 2000);
}

int main(void)
{
	struct sockaddr_in la = at(8020);
	int l = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &(int){1}, sizeof(int));
	bind(l, (struct sockaddr *)&la, sizeof(la));
	listen(l, 4);
	q("listen FIONREAD", l, FIONREAD);
	q("listen SIOCOUTQ", l, SIOCOUTQ);
	q("listen SIOCATMARK", l, SIOCATMARK);

	int c = socket(AF_INET, SOCK_STREAM, 0);
	q("unconnected SIOCINQ", c, SIOCINQ);
	q("unconnected SIOCOUTQ", c, SIOCOUTQ);
	connect(c, (struct sockaddr *)&la, sizeof(la));
	int a = accept(l, NULL, NULL);
	send(c, "hello", 5, 0);
	wait_in(a);
	q("5 bytes sent: FIONREAD", a, FIONREAD);
	q("sender SIOCOUTQ", c, SIOCOUTQ);
	q("sender SIOCOUTQNSD", c, SIOCOUTQNSD);
	shutdown(c, SHUT_WR);
	usleep(50000);
	q("FIN behind them: FIONREAD", a, FIONREAD);
	char buf[64];
	recv(a, buf, 5, 0);
	q("all read, FIN left: FIONREAD", a, FIONREAD);
	printf("recv after FIN = %zd\n", recv(a, buf, sizeof(buf), 0));
	q("FIN read: FIONREAD", a, FIONREAD);
	close(a);
	close(c);

	c = socket(AF_INET, SOCK_STREAM, 0);
	connect(c, (struct sockaddr *)&la, sizeof(la));
	a = accept(l, NULL, NULL);
	send(c, "abc", 3, 0);
	send(c, "X", 1, MSG_OOB);
	send(c, "de", 2, 0);
	usleep(50000);
	q("urgent ahead: FIONREAD", a, FIONREAD);
	q("urgent ahead: SIOCATMARK", a, SIOCATMARK);
	printf("recv = %zd\n", recv(a, buf, sizeof(buf), 0));
	q("at the mark: SIOCATMARK", a, SIOCATMARK);
	q("at the mark: FIONREAD", a, FIONREAD);
	printf("recv OOB = %zd\n", recv(a, buf, 1, MSG_OOB));
	q("urgent byte read: FIONREAD", a, FIONREAD);
	printf("recv = %zd\n", recv(a, buf, sizeof(buf), 0));
	q("past the mark: SIOCATMARK", a, SIOCATMARK);

	int nb = 1;
	printf("FIONBIO = %d\n", ioctl(a, FIONBIO, &nb));
	ssize_t n = recv(a, buf, sizeof(buf), 0);
	printf("recv nonblocking = %zd %s\n", n, n < 0 ? strerrorname_np(errno) : "");
	int rc = ioctl(a, FIOCLEX);
	printf("FIOCLEX = %d, FD_CLOEXEC %d\n", rc, fcntl(a, F_GETFD) & FD_CLOEXEC);
	rc = ioctl(a, FIONCLEX);
	printf("FIONCLEX = %d, FD_CLOEXEC %d\n", rc, fcntl(a, F_GETFD) & FD_CLOEXEC);
	q("unknown 0x1234", a, 0x1234);
	close(a);
	close(c);

	struct sockaddr_in ua = at(8021);
	int u = socket(AF_INET, SOCK_DGRAM, 0);
	bind(u, (struct sockaddr *)&ua, sizeof(ua));
	q("udp empty FIONREAD", u, FIONREAD);
	int v = socket(AF_INET, SOCK_DGRAM, 0);
	sendto(v, "abc", 3, 0, (struct sockaddr *)&ua, sizeof(ua));
	sendto(v, "defgh", 5, 0, (struct sockaddr *)&ua, sizeof(ua));
	sendto(v, "", 0, 0, (struct sockaddr *)&ua, sizeof(ua));
	wait_in(u);
	q("udp first of three: FIONREAD", u, FIONREAD);
	q("udp sender SIOCOUTQ", v, SIOCOUTQ);
	recv(u, buf, sizeof(buf), 0);
	q("udp second: FIONREAD", u, FIONREAD);
	recv(u, buf, sizeof(buf), 0);
	q("udp empty datagram next: FIONREAD", u, FIONREAD);
	q("udp SIOCATMARK", u, SIOCATMARK);

	int nl = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
	q("netlink FIONREAD", nl, FIONREAD);
	q("netlink SIOCOUTQ", nl, SIOCOUTQ);

	dev("SIOCGIFINDEX lo", u, SIOCGIFINDEX, "lo", 0);
	dev("SIOCGIFINDEX nope0", u, SIOCGIFINDEX, "nope0", 0);
	dev("SIOCGIFNAME 1", u, SIOCGIFNAME, "", 1);
	dev("SIOCGIFNAME 7", u, SIOCGIFNAME, "", 7);
	dev("SIOCGIFFLAGS lo", u, SIOCGIFFLAGS, "lo", 0);
	dev("SIOCGIFFLAGS lo:1", u, SIOCGIFFLAGS, "lo:1", 0);
	dev("SIOCGIFMTU lo", u, SIOCGIFMTU, "lo", 0);
	dev("SIOCGIFTXQLEN lo", u, SIOCGIFTXQLEN, "lo", 0);
	dev("SIOCGIFMETRIC lo", u, SIOCGIFMETRIC, "lo", 0);
	dev("SIOCGIFHWADDR lo", u, SIOCGIFHWADDR, "lo", 0);
	dev("SIOCGIFADDR lo", u, SIOCGIFADDR, "lo", 0);
	dev("SIOCGIFNETMASK lo", u, SIOCGIFNETMASK, "lo", 0);
	dev("SIOCGIFBRDADDR lo", u, SIOCGIFBRDADDR, "lo", 0);
	dev("SIOCGIFDSTADDR lo", u, SIOCGIFDSTADDR, "lo", 0);
	dev("SIOCGIFADDR lo:1", u, SIOCGIFADDR, "lo:1", 0);
	dev("SIOCGIFADDR nope0", u, SIOCGIFADDR, "nope0", 0);
	dev("SIOCGIFPFLAGS lo", u, SIOCGIFPFLAGS, "lo", 0);
	dev("netlink SIOCGIFINDEX lo", nl, SIOCGIFINDEX, "lo", 0);
	dev("netlink SIOCGIFFLAGS lo", nl, SIOCGIFFLAGS, "lo", 0);
	dev("netlink SIOCGIFADDR lo", nl, SIOCGIFADDR, "lo", 0);
	dev("tcp SIOCGIFMTU lo", l, SIOCGIFMTU, "lo", 0);
	dev("tcp SIOCGIFADDR lo", l, SIOCGIFADDR, "lo", 0);

	struct ifconf ifc = {.ifc_len = 0, .ifc_buf = NULL};
	int r = ioctl(u, SIOCGIFCONF, &ifc);
	printf("SIOCGIFCONF NULL = %d, ifc_len %d\n", r, ifc.ifc_len);
	struct ifreq reqs[8];
	ifc.ifc_len = sizeof(reqs) - 1;
	ifc.ifc_req = reqs;
	r = ioctl(nl, SIOCGIFCONF, &ifc);
	printf("SIOCGIFCONF = %d, ifc_len %d:", r, ifc.ifc_len);
	for (int i = 0; i < ifc.ifc_len / (int)sizeof(struct ifreq); i++)
		printf(" %s %s", reqs[i].ifr_name, inet_ntoa(((struct sockaddr_in *)&reqs[i].ifr_addr)->sin_addr));
	printf("\n");
	ifc.ifc_len = sizeof(struct ifreq) - 1;
	r = ioctl(u, SIOCGIFCONF, &ifc);
	printf("SIOCGIFCONF too short = %d, ifc_len %d\n", r, ifc.ifc_len);
	return 0;
}
