package vkernel.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How the extension spawns a {@link vkernel.sdk.Task} parameter. A Task parameter without
 * it is spawned with these defaults: uid 0, the kernel's default capabilities, the initial
 * network namespace. The task exits when the scope it was given to ends: a test method's
 * after that test, a constructor's or {@code @BeforeAll}'s after the class.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Spawn {
    /** The task's comm; empty: the parameter's name (compile with -parameters) or "task". */
    String comm() default "";

    int uid() default 0;

    int gid() default 0;

    /**
     * cap_effective as capability numbers ({@link vkernel.uapi.Capability}); empty: the
     * kernel's default (all for uid 0, none otherwise).
     */
    int[] capabilities() default {};

    /** unshare(CLONE_NEWNET): a network namespace of its own. */
    boolean newNetns() default false;

    /**
     * With newNetns: bring its lo up (ip link set lo up), so 127.0.0.1 works, as in a
     * container; false leaves it as unshare makes it, down with no address.
     */
    boolean loopbackUp() default true;
}
