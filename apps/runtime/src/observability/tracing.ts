import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import type { Attributes, Context, Span, TextMapGetter, Tracer } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";

/**
 * OpenTelemetry traces (off unless `OTEL_EXPORTER_OTLP_ENDPOINT` is set): spans per HTTP request,
 * step, job, handler call, webhook delivery and AMQP message, exported over OTLP/HTTP (JSON).
 * W3C `traceparent` is the only propagation format: accepted from callers, sent with the `http`
 * handler's requests, webhook deliveries and broker messages, and carried by jobs (their payload's
 * `traceparent`) and webhook deliveries (`trace_parent`) so work done later in a worker joins the
 * trace that caused it. Without a `Tracing` nothing here creates a span (the callers check).
 */

const propagator = new W3CTraceContextPropagator();

const headerGetter: TextMapGetter<Record<string, unknown>> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const v = carrier[key];
    return typeof v === "string" ? v : Array.isArray(v) ? (v as string[]) : undefined;
  },
};

let contextManagerSet = false;

/** The span context propagation needs: one AsyncLocalStorage context manager per process. */
function ensureContextManager(): void {
  if (contextManagerSet) return;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  contextManagerSet = true;
}

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** A W3C `traceparent` (or headers carrying one) to continue; absent: the active context. */
  parent?: string | Record<string, unknown> | null | undefined;
}

/** The context a `traceparent` (string or headers) names, or undefined when there is none / it is malformed. */
export function contextFrom(parent: string | Record<string, unknown>): Context | undefined {
  const carrier = typeof parent === "string" ? { traceparent: parent } : parent;
  const extracted = propagator.extract(ROOT_CONTEXT, carrier, headerGetter);
  return trace.getSpanContext(extracted) ? extracted : undefined;
}

export class Tracing {
  private constructor(
    private readonly tracer: Tracer,
    private readonly provider: BasicTracerProvider,
  ) {}

  /** Exports to `<endpoint>/v1/traces` (OTLP/HTTP, JSON), batched. */
  static otlp(endpoint: string, serviceName = "flowstate-runtime"): Tracing {
    ensureContextManager();
    const exporter = new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, "")}/v1/traces` });
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ "service.name": serviceName }),
      spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 500 })],
    });
    return new Tracing(provider.getTracer("flowstate"), provider);
  }

  /** Starts a span (child of `parent`, else of the active context) without making it active. */
  start(name: string, options: SpanOptions = {}): { span: Span; context: Context } {
    const parent = (options.parent ? contextFrom(options.parent) : undefined) ?? context.active();
    const span = this.tracer.startSpan(
      name,
      {
        kind: options.kind ?? SpanKind.INTERNAL,
        ...(options.attributes ? { attributes: options.attributes } : {}),
      },
      parent,
    );
    return { span, context: trace.setSpan(parent, span) };
  }

  /** Runs `work` inside a new active span; a thrown error marks the span and is rethrown. */
  async run<T>(name: string, options: SpanOptions, work: (span: Span) => Promise<T>): Promise<T> {
    const { span, context: ctx } = this.start(name, options);
    try {
      return await context.with(ctx, () => work(span));
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({
        code: SpanStatusCode.ERROR,
        message: error instanceof Error ? error.message : String(error),
      });
      throw error;
    } finally {
      span.end();
    }
  }

  /** Sends what is buffered (tests, shutdown). */
  flush(): Promise<void> {
    return this.provider.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.provider.shutdown();
  }
}

/** `tracing.run(...)` when tracing is on; otherwise just `work()` (no span, no context). */
export function inSpan<T>(
  tracing: Tracing | undefined,
  name: string,
  options: SpanOptions,
  work: (span: Span | undefined) => Promise<T>,
): Promise<T> {
  return tracing ? tracing.run(name, options, work) : work(undefined);
}

/** The active span's W3C `traceparent` (undefined outside a span: tracing off). */
export function activeTraceparent(): string | undefined {
  return trace.getActiveSpan() ? traceparentOf(context.active()) : undefined;
}

/** The W3C `traceparent` of a context's span (e.g. one `Tracing.start` returned). */
export function traceparentOf(ctx: Context): string | undefined {
  const carrier: Record<string, string> = {};
  propagator.inject(ctx, carrier, { set: (c, k, v) => (c[k] = v) });
  return carrier.traceparent;
}

/** Headers carrying the active span's trace context (`traceparent`, `tracestate`): empty when tracing is off. */
export function traceHeaders(): Record<string, string> {
  const carrier: Record<string, string> = {};
  if (!trace.getActiveSpan()) return carrier;
  propagator.inject(context.active(), carrier, { set: (c, k, v) => (c[k] = v) });
  return carrier;
}

/** The active span's trace and span ids, for log lines (empty when there is none). */
export function traceLogFields(): { traceId?: string; spanId?: string } {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { traceId, spanId };
}

export { context as otelContext, SpanKind, SpanStatusCode };
