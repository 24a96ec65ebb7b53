/**
 * Testing against a running kernel, whoever started it: a {@link vkernel.testkit.KernelEndpoint}
 * (address and admin credential) is all the kit takes.
 * {@link vkernel.testkit.ConformanceRunner} runs the scenarios of one or more
 * {@link vkernel.testkit.ConformanceSuite}s through the client's scenario runner and
 * compares their output with Linux's byte for byte, as JUnit 5 dynamic tests;
 * {@link vkernel.testkit.RawKernelClient} is the generated gRPC stubs with the admin
 * credential and task-token metadata, for tests where the exact wire matters.
 *
 * <p>e2e (the layers as processes) and compose-tests (the images) use it with test scope;
 * a JUnit 5 extension that starts a kernel for a user's tests belongs here too.
 */
package vkernel.testkit;
