import ChiboWire
import NIOCore
import NIOHTTP1
import NIOPosix
import Prometheus

/// `GET /metrics` in Prometheus' text format on the address of `chibod run --metrics`, and nothing else.
/// It is plain HTTP without authentication: bind it to loopback or a management network only.
enum MetricsEndpoint {
    static func bind(_ address: HostAndPort, registry: PrometheusCollectorRegistry) async throws -> Channel {
        try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMapThrowing {
                    try channel.pipeline.syncOperations.addHandler(Handler(registry: registry))
                }
            }
            .bind(host: address.host, port: address.port).get()
    }

    final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        private let registry: PrometheusCollectorRegistry
        private var head: HTTPRequestHead?

        init(registry: PrometheusCollectorRegistry) {
            self.registry = registry
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head): self.head = head
            case .body: break
            case .end:
                guard let head else { return }
                let found = head.method == .GET && (head.uri == "/metrics" || head.uri.hasPrefix("/metrics?"))
                let body = found ? registry.emitToBuffer() : Array("not found: GET /metrics\n".utf8)
                var headers = HTTPHeaders()
                headers.add(name: "Content-Type", value: found ? "text/plain; version=0.0.4; charset=utf-8" : "text/plain")
                headers.add(name: "Content-Length", value: String(body.count))
                headers.add(name: "Connection", value: "close")
                context.write(
                    wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: found ? .ok : .notFound, headers: headers))),
                    promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
                self.head = nil
            }
        }
    }
}
