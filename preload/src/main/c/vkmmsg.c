/*
 * sendmmsg and recvmmsg on vkernel's fds: one sendmsg or recvmsg per message, in the loops of
 * net/socket.c's __sys_sendmmsg and do_recvmmsg, so the count, the msg_len of each entry, the
 * errors and MSG_WAITFORONE are Linux's. On every other fd, libc's own call.
 */
#include "vkpreload.h"

#include <errno.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static size_t vk_iov_len(const struct msghdr *m)
{
	size_t n = 0;
	for (size_t i = 0; i < m->msg_iovlen; i++)
		n += m->msg_iov[i].iov_len;
	return n;
}

int sendmmsg(int fd, struct mmsghdr *vec, unsigned int vlen, int flags)
{
	if (!vk_is(fd))
		return REAL(sendmmsg)(fd, vec, vlen, flags);
	if (vlen > VK_IOV_MAX)
		vlen = VK_IOV_MAX; /* UIO_MAXIOV */
	unsigned int datagrams = 0;
	ssize_t err = 0;
	while (datagrams < vlen) {
		err = sendmsg(fd, &vec[datagrams].msg_hdr, flags);
		if (err < 0)
			break;
		vec[datagrams].msg_len = (unsigned int)err;
		datagrams++;
		if ((size_t)err < vk_iov_len(&vec[datagrams - 1].msg_hdr))
			break; /* msg_data_left: a stream took part of it */
	}
	/* an error only if no message was sent */
	return datagrams != 0 ? (int)datagrams : (int)err;
}

static int vk_timespec_valid(const struct timespec *t)
{
	return t->tv_sec >= 0 && t->tv_nsec >= 0 && t->tv_nsec < 1000000000L;
}

int recvmmsg(int fd, struct mmsghdr *vec, unsigned int vlen, int flags, struct timespec *timeout)
{
	if (!vk_is(fd))
		return REAL(recvmmsg)(fd, vec, vlen, flags, timeout);
	struct timespec end = {0, 0};
	if (timeout) {
		if (!vk_timespec_valid(timeout)) {
			errno = EINVAL;
			return -1;
		}
		if (timeout->tv_sec || timeout->tv_nsec) { /* poll_select_set_timeout: zero stays zero */
			clock_gettime(CLOCK_MONOTONIC, &end);
			end.tv_sec += timeout->tv_sec;
			end.tv_nsec += timeout->tv_nsec;
			if (end.tv_nsec >= 1000000000L) {
				end.tv_sec++;
				end.tv_nsec -= 1000000000L;
			}
		}
	}
	if (!(flags & MSG_ERRQUEUE)) { /* sock_error: a pending error first, and cleared */
		int soerr = vk_take_error(fd);
		socklen_t len = sizeof(soerr);
		if (!soerr && getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) < 0) {
			return -1; /* EBADF, ENOTSOCK, EIO */
		}
		if (soerr) {
			errno = soerr;
			return -1;
		}
	}
	unsigned int datagrams = 0;
	ssize_t err = 0;
	int saved = errno;
	while (datagrams < vlen) {
		err = recvmsg(fd, &vec[datagrams].msg_hdr, flags & ~MSG_WAITFORONE);
		if (err < 0)
			break;
		vec[datagrams].msg_len = (unsigned int)err;
		err = 0;
		datagrams++;
		if (flags & MSG_WAITFORONE)
			flags |= MSG_DONTWAIT;
		if (timeout) {
			struct timespec now;
			clock_gettime(CLOCK_MONOTONIC, &now);
			timeout->tv_sec = end.tv_sec - now.tv_sec;
			timeout->tv_nsec = end.tv_nsec - now.tv_nsec;
			if (timeout->tv_nsec < 0) {
				timeout->tv_sec--;
				timeout->tv_nsec += 1000000000L;
			}
			if (timeout->tv_sec < 0) {
				timeout->tv_sec = timeout->tv_nsec = 0;
				break;
			}
			if (timeout->tv_sec == 0 && timeout->tv_nsec == 0)
				break;
		}
		if (vec[datagrams - 1].msg_hdr.msg_flags & MSG_OOB)
			break;
	}
	if (err == 0)
		return (int)datagrams;
	if (datagrams == 0)
		return -1; /* recvmsg's errno */
	if (errno != EAGAIN)
		vk_keep_error(fd, errno); /* reported by the next call, as sk_err is */
	errno = saved;
	return (int)datagrams;
}
