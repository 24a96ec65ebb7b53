/*
 * What /proc shows of a vkernel socket. A socket's placeholder is first the null device (the
 * number reserved before the kernel is asked), then a memfd named VK_SOCKET_NAME "INO]" put on
 * the same number (dup3 replaces it at once), so readlink of /proc/PID/fd/N names the socket in
 * every process. This library reads such a link as Linux prints one, socket:[INO]: ss -p,
 * lsof and ls -l /proc/PID/fd under vk run find the program's sockets, with the inode numbers
 * sock_diag reports.
 */
#include "vkpreload.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

/* How /proc shows the memfd: "/memfd:NAME (deleted)". */
#define VK_MEMFD_LINK "/memfd:" VK_SOCKET_NAME

void vk_name_socket(int fd, uint64_t ino)
{
	if (ino == 0)
		return;
	char name[64];
	snprintf(name, sizeof(name), VK_SOCKET_NAME "%llu]", (unsigned long long)ino);
	int flags = REAL(fcntl)(fd, F_GETFD);
	int m = memfd_create(name, MFD_CLOEXEC);
	if (flags < 0 || m < 0) {
		if (m >= 0)
			REAL(close)(m);
		return; /* it stays the null device: unnamed, still a placeholder */
	}
	int e = errno;
	REAL(dup3)(m, fd, flags & FD_CLOEXEC ? O_CLOEXEC : 0);
	REAL(close)(m);
	errno = e;
}

int vk_is_placeholder(int fd)
{
	struct stat st;
	if (fstat(fd, &st) != 0)
		return 0;
	if (S_ISCHR(st.st_mode) && major(st.st_rdev) == 1 && minor(st.st_rdev) == 3)
		return 1;
	char path[32], link[128];
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	ssize_t n = REAL(readlink)(path, link, sizeof(link) - 1);
	return n > 0 && (size_t)n > strlen(VK_MEMFD_LINK) && strncmp(link, VK_MEMFD_LINK, strlen(VK_MEMFD_LINK)) == 0;
}

/*
 * A link read into buf (n bytes of bufsiz, not NUL-terminated): a named placeholder's becomes
 * "socket:[INO]", which always fits where the longer memfd link did.
 */
static ssize_t vk_socket_link(char *buf, ssize_t n)
{
	size_t pre = strlen(VK_MEMFD_LINK);
	if (n <= (ssize_t)pre || strncmp(buf, VK_MEMFD_LINK, pre) != 0)
		return n;
	char ino[32];
	size_t len = 0;
	for (size_t i = pre; i < (size_t)n && buf[i] >= '0' && buf[i] <= '9' && len < sizeof(ino) - 1; i++)
		ino[len++] = buf[i];
	if (len == 0 || pre + len >= (size_t)n || buf[pre + len] != ']')
		return n;
	ino[len] = '\0';
	char out[48];
	int w = snprintf(out, sizeof(out), "socket:[%s]", ino);
	memcpy(buf, out, (size_t)w);
	return w;
}

ssize_t readlink(const char *path, char *buf, size_t bufsiz)
{
	return vk_socket_link(buf, REAL(readlink)(path, buf, bufsiz));
}

ssize_t readlinkat(int dirfd, const char *path, char *buf, size_t bufsiz)
{
	return vk_socket_link(buf, REAL(readlinkat)(dirfd, path, buf, bufsiz));
}

/* _FORTIFY_SOURCE's entries (iproute2's ss is built with it) */
ssize_t __readlink_chk(const char *path, char *buf, size_t len, size_t buflen)
{
	return readlink(path, buf, len < buflen ? len : buflen);
}

ssize_t __readlinkat_chk(int dirfd, const char *path, char *buf, size_t len, size_t buflen)
{
	return readlinkat(dirfd, path, buf, len < buflen ? len : buflen);
}
