/*
 * fork(2): the child is a task of its own, as on Linux, with a copy of its parent's fd table
 * (kernel/fork.c's dup_fd): a vkernel socket the parent closes stays open in the child, and
 * the child's new fds are numbered in its own table. vk run makes the task before the host's
 * fork (VK_FORK) and learns the child's pid after it (VK_FORKED), to end the task when the
 * process ends; the child's connections present the task (VK_ATTACH, in vk_connect).
 */
#include "vkpreload.h"
#include <errno.h>
#include <unistd.h>

pid_t fork(void)
{
	int e = errno;
	long child = vk_call(VK_FORK, 0, 0, 0, 0, NULL, 0, NULL, 0, NULL);
	errno = e; /* without vk run the child goes on as its parent's task, as before */
	pid_t p = REAL(fork)();
	if (p == 0) {
		if (child > 0)
			vk_task = (int)child;
		return 0;
	}
	if (child > 0) {
		e = errno;
		vk_call(VK_FORKED, child, p, 0, 0, NULL, 0, NULL, 0, NULL);
		errno = e;
	}
	return p;
}
