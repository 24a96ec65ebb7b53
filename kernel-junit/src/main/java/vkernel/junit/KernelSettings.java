package vkernel.junit;

import java.util.Map;
import java.util.TreeMap;

/**
 * What makes two kernels interchangeable: the environment their layers run with. Test
 * classes with equal settings share one kernel.
 *
 * @param env environment variables for every layer
 */
record KernelSettings(Map<String, String> env) {
    KernelSettings {
        env = Map.copyOf(new TreeMap<>(env));
    }

    /** Settings from {@link VKernelTest#env()}'s NAME=value strings. */
    static KernelSettings fromAnnotation(VKernelTest test) {
        Map<String, String> env = new TreeMap<>();
        if (test != null) {
            for (String pair : test.env()) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("@VKernelTest(env) takes NAME=value, not \"" + pair + "\"");
                }
                env.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return new KernelSettings(env);
    }

    /** The key of the shared kernel in the root store: equal settings, equal key. */
    String storeKey() {
        return "vkernel.kernel " + new TreeMap<>(env);
    }
}
