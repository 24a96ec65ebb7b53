package vkernel.runtime.limit;

import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;

/**
 * The answer "-1 and errno" for any method of our contracts, built from the response
 * type's descriptor: every syscall's response has an {@code errno} field (its number
 * differs between messages) and most a {@code ret}. A check made before any handler runs
 * (admission) answers as the syscall would, not with a transport status.
 */
final class ErrnoAnswer {
    private ErrnoAnswer() {}

    /** The response carrying this errno (and ret -1), or null when the response type has no errno field. */
    @SuppressWarnings("unchecked")
    static <R> R of(MethodDescriptor<?, R> method, int errno) {
        if (!(method.getResponseMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<R> pm)
                || !(pm.getMessagePrototype() instanceof Message prototype)) {
            return null;
        }
        FieldDescriptor field = prototype.getDescriptorForType().findFieldByName("errno");
        if (field == null || field.getJavaType() != FieldDescriptor.JavaType.ENUM || field.isRepeated()) {
            return null;
        }
        EnumValueDescriptor value = field.getEnumType().findValueByNumber(errno);
        if (value == null) {
            return null;
        }
        Message.Builder b = prototype.newBuilderForType().setField(field, value);
        FieldDescriptor ret = prototype.getDescriptorForType().findFieldByName("ret");
        if (ret != null && !ret.isRepeated()) {
            switch (ret.getJavaType()) {
                case INT -> b.setField(ret, -1);
                case LONG -> b.setField(ret, -1L);
                default -> { }
            }
        }
        return (R) b.build();
    }
}
