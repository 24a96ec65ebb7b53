/*
 * The socket calls (net/socket.c's syscalls): on AF_INET and AF_NETLINK sockets and the fds that
 * are vkernel's, a request to vk run; on every other family and fd, libc's own call.
 */
#include "vkpreload.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* What a received message carries besides its bytes: a fixed prefix of every VK_RECVMSG answer. */
struct vk_recv_meta {
	uint32_t addrlen;
	uint32_t msg_flags;
	unsigned char addr[128];
};

/* move_addr_to_kernel's checks, made here because the shim reads the user's memory itself */
static int vk_addr_ok(const void *addr, socklen_t len)
{
	if (len > sizeof(struct sockaddr_storage)) {
		errno = EINVAL;
		return 0;
	}
	if (len > 0 && !addr) {
		errno = EFAULT;
		return 0;
	}
	return 1;
}

/* Copies a kernel address out as move_addr_to_user does: truncated to *len, *len the full length. */
static void vk_addr_out(const void *src, size_t srclen, void *addr, socklen_t *len)
{
	if (!addr || !len)
		return;
	memcpy(addr, src, srclen < *len ? srclen : *len);
	*len = (socklen_t)srclen;
}

int socket(int domain, int type, int protocol)
{
	if (domain != AF_INET && domain != AF_NETLINK)
		return REAL(socket)(domain, type, protocol);
	int ph = open("/dev/null", O_RDWR | (type & SOCK_CLOEXEC ? O_CLOEXEC : 0));
	uint64_t ino = 0;
	struct iovec in = {&ino, sizeof(ino)};
	int r = vk_adopt(ph, VK_SOCKET, domain, type, protocol, &in, 1, NULL);
	if (r >= 0)
		vk_name_socket(r, ino);
	return r;
}

int bind(int fd, const struct sockaddr *addr, socklen_t len)
{
	if (!vk_is(fd))
		return REAL(bind)(fd, addr, len);
	if (!vk_addr_ok(addr, len))
		return -1;
	struct iovec out = {(void *)addr, len};
	return (int)vk_call(VK_BIND, fd, 0, 0, 0, &out, 1, NULL, 0, NULL);
}

int listen(int fd, int backlog)
{
	if (!vk_is(fd))
		return REAL(listen)(fd, backlog);
	return (int)vk_call(VK_LISTEN, fd, backlog, 0, 0, NULL, 0, NULL, 0, NULL);
}

int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags)
{
	if (!vk_is(fd))
		return REAL(accept4)(fd, addr, len, flags);
	uint64_t ino = 0;
	struct sockaddr_storage peer;
	struct iovec in[2] = {{&ino, sizeof(ino)}, {&peer, sizeof(peer)}};
	size_t got = 0;
	int ph = open("/dev/null", O_RDWR | (flags & SOCK_CLOEXEC ? O_CLOEXEC : 0));
	int r = vk_adopt(ph, VK_ACCEPT4, fd, flags, 0, in, 2, &got);
	if (r >= 0) {
		vk_name_socket(r, ino);
		vk_addr_out(&peer, got > sizeof(ino) ? got - sizeof(ino) : 0, addr, len);
	}
	return r;
}

int accept(int fd, struct sockaddr *addr, socklen_t *len)
{
	if (!vk_is(fd))
		return REAL(accept)(fd, addr, len);
	return accept4(fd, addr, len, 0);
}

int connect(int fd, const struct sockaddr *addr, socklen_t len)
{
	if (!vk_is(fd))
		return REAL(connect)(fd, addr, len);
	if (!vk_addr_ok(addr, len))
		return -1;
	struct iovec out = {(void *)addr, len};
	return (int)vk_call(VK_CONNECT, fd, 0, 0, 0, &out, 1, NULL, 0, NULL);
}

/* VK_SENDMSG: the address (a2 bytes), then the message's bytes. */
static ssize_t vk_sendmsg(int fd, const struct iovec *iov, size_t n, int flags, const void *to, socklen_t tolen)
{
	struct iovec out[VK_IOV_MAX + 1];
	if (!to)
		tolen = 0; /* __sys_sendto and copy_msghdr_from_user ignore the length of no address */
	if (!vk_addr_ok(to, tolen) || vk_clip(iov, n, out + 1, EMSGSIZE) < 0)
		return -1;
	out[0] = (struct iovec){(void *)to, tolen};
	return vk_call(VK_SENDMSG, fd, flags, out[0].iov_len, 0, out, (int)n + 1, NULL, 0, NULL);
}

ssize_t sendto(int fd, const void *buf, size_t len, int flags, const struct sockaddr *to, socklen_t tolen)
{
	if (!vk_is(fd))
		return REAL(sendto)(fd, buf, len, flags, to, tolen);
	struct iovec iov = {(void *)buf, len};
	return vk_sendmsg(fd, &iov, 1, flags, to, tolen);
}

ssize_t send(int fd, const void *buf, size_t len, int flags)
{
	if (!vk_is(fd))
		return REAL(send)(fd, buf, len, flags);
	return sendto(fd, buf, len, flags, NULL, 0);
}

ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
{
	if (!vk_is(fd))
		return REAL(sendmsg)(fd, msg, flags);
	return vk_sendmsg(fd, msg->msg_iov, msg->msg_iovlen, flags, msg->msg_name, msg->msg_namelen);
}

/* VK_RECVMSG: the answer is a vk_recv_meta, then the bytes received; ret may exceed them (MSG_TRUNC). */
static ssize_t vk_recvmsg(int fd, const struct iovec *iov, size_t n, int flags, struct vk_recv_meta *meta)
{
	struct iovec in[VK_IOV_MAX + 1];
	if (vk_clip(iov, n, in + 1, EMSGSIZE) < 0)
		return -1;
	size_t len = 0;
	for (size_t i = 1; i <= n; i++)
		len += in[i].iov_len;
	in[0] = (struct iovec){meta, sizeof(*meta)};
	ssize_t r = vk_call(VK_RECVMSG, fd, (int64_t)len, flags, 0, NULL, 0, in, (int)n + 1, NULL);
	if (meta->addrlen > sizeof(meta->addr))
		meta->addrlen = sizeof(meta->addr);
	return r;
}

ssize_t recvfrom(int fd, void *buf, size_t len, int flags, struct sockaddr *from, socklen_t *fromlen)
{
	if (!vk_is(fd))
		return REAL(recvfrom)(fd, buf, len, flags, from, fromlen);
	struct iovec iov = {buf, len};
	struct vk_recv_meta meta;
	ssize_t r = vk_recvmsg(fd, &iov, 1, flags, &meta);
	if (r >= 0)
		vk_addr_out(meta.addr, meta.addrlen, from, fromlen);
	return r;
}

ssize_t recv(int fd, void *buf, size_t len, int flags)
{
	if (!vk_is(fd))
		return REAL(recv)(fd, buf, len, flags);
	return recvfrom(fd, buf, len, flags, NULL, NULL);
}

ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
	if (!vk_is(fd))
		return REAL(recvmsg)(fd, msg, flags);
	struct vk_recv_meta meta;
	ssize_t r = vk_recvmsg(fd, msg->msg_iov, msg->msg_iovlen, flags, &meta);
	if (r >= 0) {
		if (msg->msg_name)
			vk_addr_out(meta.addr, meta.addrlen, msg->msg_name, &msg->msg_namelen);
		else
			msg->msg_namelen = 0;
		msg->msg_controllen = 0; /* no ancillary data in this slice */
		msg->msg_flags = (int)meta.msg_flags;
	}
	return r;
}

/* _FORTIFY_SOURCE builds call these where the buffer's size is known. */
ssize_t __recv_chk(int fd, void *buf, size_t len, size_t buflen, int flags)
{
	return recv(fd, buf, len < buflen ? len : buflen, flags);
}

ssize_t __recvfrom_chk(int fd, void *buf, size_t len, size_t buflen, int flags, struct sockaddr *from,
		       socklen_t *fromlen)
{
	return recvfrom(fd, buf, len < buflen ? len : buflen, flags, from, fromlen);
}

int getsockopt(int fd, int level, int optname, void *optval, socklen_t *optlen)
{
	if (!vk_is(fd))
		return REAL(getsockopt)(fd, level, optname, optval, optlen);
	if (!optlen) {
		errno = EFAULT;
		return -1;
	}
	struct iovec in = {optval, optval ? *optlen : 0};
	size_t got = 0;
	int r = (int)vk_call(VK_GETSOCKOPT, fd, level, optname, (int)*optlen, NULL, 0, &in, 1, &got);
	if (r >= 0)
		*optlen = (socklen_t)got;
	return r;
}

int setsockopt(int fd, int level, int optname, const void *optval, socklen_t optlen)
{
	if (!vk_is(fd))
		return REAL(setsockopt)(fd, level, optname, optval, optlen);
	if ((int)optlen < 0 || optlen > VK_MAX_IO || (optlen > 0 && !optval)) {
		errno = (int)optlen < 0 ? EINVAL : EFAULT;
		return -1;
	}
	struct iovec out = {(void *)optval, optlen};
	return (int)vk_call(VK_SETSOCKOPT, fd, level, optname, 0, &out, 1, NULL, 0, NULL);
}

static int vk_getname(int nr, int fd, struct sockaddr *addr, socklen_t *len)
{
	if (!len) {
		errno = EFAULT;
		return -1;
	}
	struct sockaddr_storage a;
	struct iovec in = {&a, sizeof(a)};
	size_t got = 0;
	int r = (int)vk_call(nr, fd, 0, 0, 0, NULL, 0, &in, 1, &got);
	if (r >= 0)
		vk_addr_out(&a, got, addr, len);
	return r;
}

int getsockname(int fd, struct sockaddr *addr, socklen_t *len)
{
	if (!vk_is(fd))
		return REAL(getsockname)(fd, addr, len);
	return vk_getname(VK_GETSOCKNAME, fd, addr, len);
}

int getpeername(int fd, struct sockaddr *addr, socklen_t *len)
{
	if (!vk_is(fd))
		return REAL(getpeername)(fd, addr, len);
	return vk_getname(VK_GETPEERNAME, fd, addr, len);
}

int shutdown(int fd, int how)
{
	if (!vk_is(fd))
		return REAL(shutdown)(fd, how);
	return (int)vk_call(VK_SHUTDOWN, fd, how, 0, 0, NULL, 0, NULL, 0, NULL);
}
