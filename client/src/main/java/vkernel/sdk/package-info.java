/**
 * The Java SDK of vkernel: {@link vkernel.sdk.VKernel#connect(String, String)} reaches a
 * kernel, {@link vkernel.sdk.VKernel#spawn(vkernel.sdk.SpawnOptions)} makes a
 * {@link vkernel.sdk.Task}, whose methods are the system calls. Values in and out are
 * plain (ints, byte arrays, {@link vkernel.sdk.SockAddr}); a failed call throws
 * {@link vkernel.sdk.ErrnoException} with the Linux errno, a call cancelled at its
 * deadline {@link vkernel.sdk.CallInterruptedException}, a transport failure
 * {@link vkernel.sdk.KernelTransportException}.
 */
package vkernel.sdk;
