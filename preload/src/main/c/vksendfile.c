/*
 * sendfile from a host file to a vkernel socket (fs/read_write.c's do_sendfile): the library
 * reads the file and writes the socket, as do_splice_direct moves pages through its pipe. The
 * file's position (or *offset) advances by what the socket took, never by more. On host fds
 * only, libc's own call; a vkernel socket as the source is not served (EINVAL).
 */
#include "vkpreload.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/sendfile.h>
#include <unistd.h>

/* MAX_RW_COUNT: INT_MAX rounded down to a page */
#define VK_MAX_RW_COUNT (0x7fffffffL & ~4095L)
#define VK_SENDFILE_CHUNK (256 * 1024)

static ssize_t vk_sendfile(int out_fd, int in_fd, off_t *offset, size_t count)
{
	if (vk_is(in_fd)) {
		errno = EINVAL;
		return -1;
	}
	if (count > (size_t)VK_MAX_RW_COUNT)
		count = (size_t)VK_MAX_RW_COUNT;
	char *buf = malloc(VK_SENDFILE_CHUNK);
	if (!buf) {
		errno = ENOMEM;
		return -1;
	}
	size_t done = 0;
	int err = 0;
	while (done < count) {
		size_t want = count - done < VK_SENDFILE_CHUNK ? count - done : VK_SENDFILE_CHUNK;
		ssize_t n = offset ? pread(in_fd, buf, want, *offset + (off_t)done) : read(in_fd, buf, want);
		if (n <= 0) {
			err = n < 0 ? errno : 0;
			break;
		}
		size_t sent = 0;
		while (sent < (size_t)n) {
			ssize_t w = write(out_fd, buf + sent, (size_t)n - sent);
			if (w <= 0) {
				err = w < 0 ? errno : 0;
				break;
			}
			sent += (size_t)w;
		}
		done += sent;
		if (sent < (size_t)n) {
			if (!offset) /* the file gives back what the socket did not take */
				lseek(in_fd, -(off_t)((size_t)n - sent), SEEK_CUR);
			break;
		}
	}
	free(buf);
	if (done == 0 && err) {
		errno = err;
		return -1;
	}
	if (offset)
		*offset += (off_t)done;
	return (ssize_t)done;
}

ssize_t sendfile(int out_fd, int in_fd, off_t *offset, size_t count)
{
	if (!vk_is(out_fd) && !vk_is(in_fd))
		return REAL(sendfile)(out_fd, in_fd, offset, count);
	return vk_sendfile(out_fd, in_fd, offset, count);
}

ssize_t sendfile64(int out_fd, int in_fd, off64_t *offset, size_t count)
{
	if (!vk_is(out_fd) && !vk_is(in_fd))
		return REAL(sendfile64)(out_fd, in_fd, offset, count);
	return vk_sendfile(out_fd, in_fd, (off_t *)offset, count);
}
