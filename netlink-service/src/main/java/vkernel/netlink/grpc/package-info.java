/**
 * The gRPC bindings: ProtoOpsService for PF_NETLINK, RtnlRegistryService for the family
 * services, the calls to their RtnetlinkHandlerService, PF_NETLINK's registration with
 * socket-service, and kernel events for every step.
 */
package vkernel.netlink.grpc;
