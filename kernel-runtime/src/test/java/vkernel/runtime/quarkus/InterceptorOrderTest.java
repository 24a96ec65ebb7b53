package vkernel.runtime.quarkus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.enterprise.inject.spi.Prioritized;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import vkernel.runtime.limit.CallAdmission;
import vkernel.runtime.state.DurableAnswers;
import vkernel.runtime.state.RestoreGate;

class InterceptorOrderTest {
    /**
     * quarkus-grpc orders global interceptors by Prioritized alone (a @Priority annotation
     * is ignored): the authenticated task must be known before admission, and answers are
     * held next to the handler, inside the gate.
     */
    @Test
    void theLayersInterceptorsRunOutermostFirstAsDesigned() {
        List<Object> interceptors = List.of(new DurableAnswers(), new CallAdmission(1, 1.0), new GlobalTraceInterceptor(),
                new RestoreGate(), new GlobalAuthInterceptor());
        List<String> calledFirstToLast = interceptors.stream()
                .map(i -> (Prioritized) i) // each must be Prioritized, or quarkus-grpc sees priority 0
                .sorted(Comparator.comparingInt(Prioritized::getPriority).reversed())
                .map(i -> i.getClass().getSimpleName())
                .toList();
        assertEquals(List.of("GlobalTraceInterceptor", "GlobalAuthInterceptor", "CallAdmission", "RestoreGate", "DurableAnswers"),
                calledFirstToLast);
    }
}
