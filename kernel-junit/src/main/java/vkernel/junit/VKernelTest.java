package vkernel.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class against a whole vkernel: the Kafka broker and the four layers as
 * processes on free ports, started before the class's first test. Test methods,
 * constructors and lifecycle methods may then take a connected {@link vkernel.sdk.VKernel},
 * a {@link vkernel.sdk.Task} (see {@link Spawn}), the {@link KernelEvents} of the test's own
 * calls, or the {@link RunningKernel}'s addresses.
 *
 * <p>Classes whose settings are equal share one kernel; every kernel stops when the test
 * run ends. Which programs are run: see {@link vkernel.launcher.LayerJars#locate()}.
 *
 * <pre>
 * &#64;VKernelTest
 * class EchoTest {
 *     &#64;Test
 *     void echoes(&#64;Spawn(uid = 1000) Task server, &#64;Spawn(uid = 1000) Task client) { ... }
 * }
 * </pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(VKernelExtension.class)
public @interface VKernelTest {
    /**
     * Environment for every layer, as NAME=value (e.g. {@code "VKERNEL_EVENTS_QUEUE=16"}).
     * Classes with different settings get different kernels.
     */
    String[] env() default {};
}
