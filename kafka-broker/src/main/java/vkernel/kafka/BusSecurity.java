package vkernel.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The authenticated bus: who may talk to the broker, and what each one may do.
 *
 * <p>The principals and their passwords are files in one directory (`vk up`:
 * .vk/run/kafka-users; Compose: the vkernel-kafka-users volume), a file per principal
 * named after it, holding its password:
 * <ul>
 * <li>{@code admin}: the super user (the broker itself between its listeners, the launcher);
 * <li>{@code vfs}, {@code socket}, {@code inet}, {@code netlink}: one per layer, which may
 *     write (create, read, describe) only the topics of its own prefix {@code vkernel.<layer>.}:
 *     its events, its state and, for netlink, the multicast topics {@code vkernel.netlink.<protocol>};
 * <li>{@code reader}: reads the four event topics, in consumer groups named {@code vk-...}, and nothing more.
 * </ul>
 * Every client listener is SASL_PLAINTEXT with SCRAM-SHA-256 (credentials made when the
 * storage is formatted, and upserted at every start, with the ACLs and the four event topics); the controller listener is
 * SASL_PLAINTEXT with PLAIN, for the admin alone. The authorizer is KRaft's
 * StandardAuthorizer: what no ACL allows is refused.
 */
public final class BusSecurity {
    public static final String MECHANISM = "SCRAM-SHA-256";
    public static final String ADMIN = "admin";
    public static final String READER = "reader";
    public static final List<String> LAYERS = List.of("vfs", "socket", "inet", "netlink");
    /** Consumer groups the reader may use. */
    public static final String READER_GROUP_PREFIX = "vk-";

    private BusSecurity() {}

    /** The passwords in dir, by principal; every principal must have one. */
    public static Map<String, String> users(Path dir) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        names.add(ADMIN);
        names.addAll(LAYERS);
        names.add(READER);
        for (String n : names) {
            Path f = dir.resolve(n);
            String pw = Files.exists(f) ? Files.readString(f).trim() : "";
            if (pw.isEmpty()) {
                throw new IOException("no password for Kafka principal " + n + " in " + f);
            }
            if (pw.contains("\"") || pw.contains("\\") || pw.contains(",") || pw.contains("]")) {
                throw new IOException("the password in " + f + " may not contain \" \\ , or ]");
            }
            m.put(n, pw);
        }
        return m;
    }

    /**
     * Adds authentication and authorization to a broker's properties: every listener
     * mapped to SASL_PLAINTEXT takes SCRAM-SHA-256, the controller's takes PLAIN (admin only).
     */
    public static void secure(Properties p, Map<String, String> users) {
        String admin = users.get(ADMIN);
        String controller = p.getProperty("controller.listener.names", "CONTROLLER").split(",")[0].trim();
        StringBuilder map = new StringBuilder();
        for (String e : p.getProperty("listener.security.protocol.map").split(",")) {
            String[] kv = e.trim().split(":");
            String name = kv[0].trim();
            String protocol = name.equalsIgnoreCase(controller) ? "SASL_PLAINTEXT" : kv[1].trim();
            map.append(map.isEmpty() ? "" : ",").append(name).append(':').append(protocol);
            String lc = name.toLowerCase(Locale.ROOT);
            if (name.equalsIgnoreCase(controller)) {
                p.put("listener.name." + lc + ".sasl.enabled.mechanisms", "PLAIN");
                p.put("listener.name." + lc + ".plain.sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + ADMIN
                                + "\" password=\"" + admin + "\" user_" + ADMIN + "=\"" + admin + "\";");
            } else if (protocol.equals("SASL_PLAINTEXT") || protocol.equals("SASL_SSL")) {
                p.put("listener.name." + lc + ".sasl.enabled.mechanisms", MECHANISM);
                p.put("listener.name." + lc + "." + MECHANISM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + ADMIN
                                + "\" password=\"" + admin + "\";");
            }
        }
        p.put("listener.security.protocol.map", map.toString());
        p.put("sasl.enabled.mechanisms", MECHANISM);
        p.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        p.put("sasl.mechanism.controller.protocol", "PLAIN");
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("super.users", "User:" + ADMIN);
        p.put("allow.everyone.if.no.acl.found", "false");
    }

    /** The storage tool's --add-scram arguments: every principal's credential, in the first metadata. */
    public static List<String> formatArgs(Map<String, String> users) {
        List<String> a = new ArrayList<>();
        users.forEach((n, pw) -> {
            a.add("--add-scram");
            a.add(MECHANISM + "=[name=" + n + ",password=" + pw + "]");
        });
        return a;
    }

    /** A client's properties for the principal user, on a SASL_PLAINTEXT listener. */
    public static Properties client(String bootstrap, String user, String password) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put("security.protocol", "SASL_PLAINTEXT");
        p.put("sasl.mechanism", MECHANISM);
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        return p;
    }

    /**
     * As the admin: every principal's credential (again: a password file that changed
     * since the storage was formatted takes effect) and the ACLs. Idempotent.
     */
    public static void apply(String bootstrap, Map<String, String> users) throws InterruptedException, ExecutionException {
        Properties p = client(bootstrap, ADMIN, users.get(ADMIN));
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "60000");
        try (Admin admin = Admin.create(p)) {
            List<org.apache.kafka.clients.admin.UserScramCredentialAlteration> creds = new ArrayList<>();
            users.forEach((n, pw) -> creds.add(new UserScramCredentialUpsertion(n,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 8192), pw)));
            admin.alterUserScramCredentials(creds).all().get();
            admin.createAcls(acls()).all().get();
            // The event topics exist from the start: the reader, which may not create topics,
            // would otherwise be refused a topic no layer has written to yet.
            List<NewTopic> events = new ArrayList<>();
            for (String layer : LAYERS) {
                events.add(new NewTopic("vkernel." + layer + ".events", Optional.empty(), Optional.empty()));
            }
            for (var f : admin.createTopics(events).values().values()) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }

    /** What each principal but the admin may do; nothing else is allowed. */
    public static List<AclBinding> acls() {
        List<AclBinding> b = new ArrayList<>();
        for (String layer : LAYERS) {
            ResourcePattern own = new ResourcePattern(ResourceType.TOPIC, "vkernel." + layer + ".", PatternType.PREFIXED);
            for (AclOperation op : List.of(AclOperation.WRITE, AclOperation.READ, AclOperation.CREATE,
                    AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS)) {
                b.add(new AclBinding(own, allow("User:" + layer, op)));
            }
        }
        for (String layer : LAYERS) {
            ResourcePattern events = new ResourcePattern(ResourceType.TOPIC, "vkernel." + layer + ".events", PatternType.LITERAL);
            b.add(new AclBinding(events, allow("User:" + READER, AclOperation.READ)));
            b.add(new AclBinding(events, allow("User:" + READER, AclOperation.DESCRIBE)));
        }
        ResourcePattern groups = new ResourcePattern(ResourceType.GROUP, READER_GROUP_PREFIX, PatternType.PREFIXED);
        b.add(new AclBinding(groups, allow("User:" + READER, AclOperation.READ)));
        b.add(new AclBinding(groups, allow("User:" + READER, AclOperation.DESCRIBE)));
        return b;
    }

    private static AccessControlEntry allow(String principal, AclOperation op) {
        return new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW);
    }
}
