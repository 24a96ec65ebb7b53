/*
 * exec keeps the vkernel fds that are not close-on-exec, as fs/exec.c's do_close_on_exec
 * does: the new image's library learns which fds are vkernel's, and which task it is, from
 * the environment the exec wrappers add (VKERNEL_RUN_FDS, VKERNEL_RUN_TASK), and at load
 * closes in the task the fds the host's exec closed (their placeholders were close-on-exec
 * too). vfork and posix_spawn make the child a task of its own first, as fork does, so that
 * its exec closes nothing of its parent's.
 */
#define _GNU_SOURCE
#include "vkpreload.h"
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ENV_TASK "VKERNEL_RUN_TASK="
#define ENV_FDS "VKERNEL_RUN_FDS="

extern char **environ;

/* envp with this process's vkernel fds and the task in place of any it had; NULL if out of memory. */
static char **vk_env(char *const envp[], int task_id, char **fds_out)
{
	size_t n = 0, len = sizeof(ENV_FDS);
	while (envp && envp[n])
		n++;
	for (int fd = 0; fd < VK_FDS; fd++)
		if (vk_is(fd))
			len += 12;
	char *fds = malloc(len);
	char **env = malloc((n + 3) * sizeof(char *));
	if (!fds || !env) {
		free(fds);
		free(env);
		return NULL;
	}
	size_t at = (size_t)sprintf(fds, "%s", ENV_FDS);
	for (int fd = 0; fd < VK_FDS; fd++)
		if (vk_is(fd))
			at += (size_t)sprintf(fds + at, "%s%d", at > sizeof(ENV_FDS) - 1 ? "," : "", fd);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (strncmp(envp[i], ENV_TASK, sizeof(ENV_TASK) - 1) && strncmp(envp[i], ENV_FDS, sizeof(ENV_FDS) - 1))
			env[k++] = envp[i];
	static __thread char task[sizeof(ENV_TASK) + 12];
	snprintf(task, sizeof(task), "%s%d", ENV_TASK, task_id);
	env[k++] = task;
	env[k++] = fds;
	env[k] = NULL;
	*fds_out = fds;
	return env;
}

#define WITH_ENV(envp, call)                                  \
	({                                                        \
		char *fds_;                                           \
		char **env_ = vk_env(envp, vk_task, &fds_);                    \
		int r_ = env_ ? (call) : (errno = ENOMEM, -1);        \
		int e_ = errno;                                       \
		if (env_) {                                           \
			free(fds_);                                       \
			free(env_);                                       \
		}                                                     \
		errno = e_;                                           \
		r_;                                                   \
	})

int execve(const char *path, char *const argv[], char *const envp[])
{
	return WITH_ENV(envp, REAL(execve)(path, argv, env_));
}

int execvpe(const char *file, char *const argv[], char *const envp[])
{
	return WITH_ENV(envp, REAL(execvpe)(file, argv, env_));
}

int fexecve(int fd, char *const argv[], char *const envp[])
{
	return WITH_ENV(envp, REAL(fexecve)(fd, argv, env_));
}

int execv(const char *path, char *const argv[])
{
	return execve(path, argv, environ);
}

int execvp(const char *file, char *const argv[])
{
	return execvpe(file, argv, environ);
}

/* execl, execlp, execle: their arguments gathered into an argv (and execle's envp after the NULL). */
#define GATHER_ARGS(arg0, ap, argv)                          \
	size_t argc_ = 1;                                        \
	va_list count_;                                          \
	va_copy(count_, ap);                                     \
	while (va_arg(count_, char *))                           \
		argc_++;                                             \
	va_end(count_);                                          \
	char *argv[argc_ + 1];                                   \
	argv[0] = (char *)(arg0);                                \
	for (size_t i_ = 1; i_ <= argc_; i_++)                   \
		argv[i_] = va_arg(ap, char *);

int execl(const char *path, const char *arg, ...)
{
	va_list ap;
	va_start(ap, arg);
	GATHER_ARGS(arg, ap, argv);
	va_end(ap);
	return execve(path, argv, environ);
}

int execlp(const char *file, const char *arg, ...)
{
	va_list ap;
	va_start(ap, arg);
	GATHER_ARGS(arg, ap, argv);
	va_end(ap);
	return execvpe(file, argv, environ);
}

int execle(const char *path, const char *arg, ...)
{
	va_list ap;
	va_start(ap, arg);
	GATHER_ARGS(arg, ap, argv);
	char *const *envp = va_arg(ap, char *const *);
	va_end(ap);
	return execve(path, argv, envp);
}

/* vfork's child may only exec or _exit: fork serves it as well (POSIX lets vfork be fork). */
pid_t vfork(void)
{
	return fork();
}

/* posix_spawn's child, made by clone inside libc, gets a task of its own as fork's does. */
static int vk_spawn(int search, pid_t *pid, const char *path, const posix_spawn_file_actions_t *actions,
		    const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
	int e = errno;
	long child = vk_call(VK_FORK, 0, 0, 0, 0, NULL, 0, NULL, 0, NULL);
	errno = e;
	pid_t got = -1;
	char *fds;
	char **env = vk_env(envp, child > 0 ? (int)child : vk_task, &fds);
	int r = !env ? ENOMEM
		: search ? REAL(posix_spawnp)(&got, path, actions, attr, argv, env)
			 : REAL(posix_spawn)(&got, path, actions, attr, argv, env);
	if (env) {
		free(fds);
		free(env);
	}
	if (child > 0)
		vk_call(VK_FORKED, child, r == 0 ? got : -1, 0, 0, NULL, 0, NULL, 0, NULL);
	if (r == 0 && pid)
		*pid = got;
	errno = e;
	return r;
}

int posix_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *actions, const posix_spawnattr_t *attr,
		char *const argv[], char *const envp[])
{
	return vk_spawn(0, pid, path, actions, attr, argv, envp);
}

int posix_spawnp(pid_t *pid, const char *file, const posix_spawn_file_actions_t *actions, const posix_spawnattr_t *attr,
		 char *const argv[], char *const envp[])
{
	return vk_spawn(1, pid, file, actions, attr, argv, envp);
}

/*
 * After an exec: the fds the old image listed are vkernel's again where their placeholder
 * survived; those the host's exec closed (close-on-exec) are closed in the task too.
 */
__attribute__((constructor)) static void vk_after_exec(void)
{
	const char *task = getenv("VKERNEL_RUN_TASK");
	const char *fds = getenv("VKERNEL_RUN_FDS");
	if (!task || !fds)
		return;
	vk_task = atoi(task);
	for (const char *p = fds; *p;) {
		char *end;
		long fd = strtol(p, &end, 10);
		if (end == p)
			break;
		if (fd >= 0 && fd < VK_FDS) {
			if (vk_is_placeholder((int)fd)) {
				vk_mark((int)fd, 1);
			} else {
				int e = errno;
				vk_call(VK_CLOSE, fd, 0, 0, 0, NULL, 0, NULL, 0, NULL);
				errno = e;
			}
		}
		p = *end == ',' ? end + 1 : end;
	}
}
