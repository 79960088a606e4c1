package io.cloudpickle.spring.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Collections;
import java.util.List;

import io.cloudpickle.PeerClasses;
import io.cloudpickle.PeerPayload;
import io.cloudpickle.PickleException;
import io.cloudpickle.spring.CloudPickleMediaTypes;
import io.cloudpickle.spring.PickleService;
import io.cloudpickle.security.PayloadSignatureException;
import io.cloudpickle.security.SignableRequest;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.HttpRequest;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.StreamingHttpOutputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.converter.HttpMessageNotWritableException;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Reads and writes {@code application/x-cloudpickle} bodies, for Spring MVC (server) and
 * {@code RestClient}/{@code RestTemplate} (client).
 *
 * <p>
 * Writing pickles the whole body first, so an object that cannot be pickled fails with an
 * {@link HttpMessageNotWritableException} naming the path to it, before any byte is sent
 * (a client's retry logic must not mistake it for an I/O error). Reading is allowed only
 * if the converter was created with {@code readEnabled}: on the server that is
 * verification keys configured in {@code cloudpickle.security.*} (then the request's
 * signature is verified, see {@link RequestSignatures}, before the payload is loaded) or
 * {@code cloudpickle.security.allow-unsigned=true}, because loading a payload runs code
 * chosen by the caller. A server-side refusal is a {@link CloudPickleBodyException} (400,
 * 401, 403 or 413 problem detail, see {@link CloudPickleBodyException#refused}); a
 * client-side read failure is an {@link HttpMessageNotReadableException}.
 *
 * <p>
 * Register it at the end of the converter list (as
 * {@link CloudPickleHttpMessageConvertersCustomizer} does) so that
 * {@code Accept: *}{@code /*} keeps choosing JSON.
 */
public class CloudPickleHttpMessageConverter implements HttpMessageConverter<Object> {

	/** {@code application/x-cloudpickle} as a {@link MediaType}. */
	public static final MediaType APPLICATION_CLOUDPICKLE = MediaType
		.asMediaType(CloudPickleMediaTypes.APPLICATION_CLOUDPICKLE);

	private static final List<MediaType> MEDIA_TYPES = List.of(APPLICATION_CLOUDPICKLE);

	private final PickleService reader;

	private final PickleService writer;

	private final boolean server;

	private final boolean readEnabled;

	private final RequestSignatures signatures;

	private final long maxPayloadBytes;

	private final @Nullable ClassPeers classPeers;

	/**
	 * A converter that reads and writes through one service, without request signatures.
	 * @param pickleService pickles and loads
	 * @param server whether this converter serves requests (failures become
	 * {@link CloudPickleBodyException})
	 * @param readEnabled whether bodies may be loaded at all
	 */
	public CloudPickleHttpMessageConverter(PickleService pickleService, boolean server, boolean readEnabled) {
		this(pickleService, pickleService, server, readEnabled, RequestSignatures.NONE);
	}

	/**
	 * @param reader loads bodies (a server's: the receiving pickler)
	 * @param writer pickles bodies (the signing pickler)
	 * @param server whether this converter serves requests
	 * @param readEnabled whether bodies may be loaded at all
	 * @param signatures verifies request signatures before a server loads a body
	 */
	public CloudPickleHttpMessageConverter(PickleService reader, PickleService writer, boolean server,
			boolean readEnabled, RequestSignatures signatures) {
		this(reader, writer, server, readEnabled, signatures, null);
	}

	/**
	 * @param reader loads bodies (a server's: the receiving pickler)
	 * @param writer pickles bodies (the signing pickler)
	 * @param server whether this converter serves requests
	 * @param readEnabled whether bodies may be loaded at all
	 * @param signatures verifies request signatures before a server loads a body
	 * @param classPeers a client's record of the classes each server holds: request
	 * bodies name those by hash only (see {@link ClassPeers}); null to always ship bytes
	 */
	public CloudPickleHttpMessageConverter(PickleService reader, PickleService writer, boolean server,
			boolean readEnabled, RequestSignatures signatures, @Nullable ClassPeers classPeers) {
		this.classPeers = classPeers;
		this.reader = reader;
		this.writer = writer;
		this.server = server;
		this.readEnabled = readEnabled;
		this.signatures = signatures;
		this.maxPayloadBytes = reader.limits().maxPayloadBytes();
	}

	/** Whether this converter loads bodies. */
	public boolean isReadEnabled() {
		return this.readEnabled;
	}

	@Override
	public List<MediaType> getSupportedMediaTypes() {
		return MEDIA_TYPES;
	}

	@Override
	public boolean canRead(Class<?> clazz, @Nullable MediaType mediaType) {
		return supports(clazz) && (mediaType == null || APPLICATION_CLOUDPICKLE.includes(mediaType));
	}

	@Override
	public boolean canWrite(Class<?> clazz, @Nullable MediaType mediaType) {
		return supports(clazz) && (mediaType == null || MediaType.ALL.equalsTypeAndSubtype(mediaType)
				|| APPLICATION_CLOUDPICKLE.isCompatibleWith(mediaType));
	}

	private static boolean supports(Class<?> clazz) {
		// Any type, but only for the explicit media type: the converter sits last in the
		// list. Error bodies stay problem+json even when the client accepts only
		// application/x-cloudpickle. Raw bodies (byte[], buffers, resources) are left to
		// Spring's own converters, which come earlier in the list anyway.
		return !ProblemDetail.class.isAssignableFrom(clazz) && !PickledBodies.isRaw(clazz);
	}

	@Override
	public Object read(Class<?> clazz, HttpInputMessage inputMessage)
			throws IOException, HttpMessageNotReadableException {
		if (!this.readEnabled) {
			throw failure(CloudPickleBodyException.readingDisabled(), inputMessage);
		}
		long declared = inputMessage.getHeaders().getContentLength();
		if (declared > this.maxPayloadBytes) {
			throw failure(CloudPickleBodyException.tooLarge(this.maxPayloadBytes), inputMessage);
		}
		byte[] payload;
		try (InputStream body = inputMessage.getBody()) {
			payload = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, this.maxPayloadBytes + 1));
		}
		try {
			PickledBodies.requireWithinLimit(this.reader, payload);
			if (this.server && this.signatures.verifies()) {
				this.signatures.verify(ServletRequests.current(), payload);
			}
			if (PickledBodies.isDeferred(clazz)) {
				// Verified here, on the request thread; loaded by the application.
				return PickledBodies.verify(this.reader, payload, Object.class);
			}
			Object loaded = PickledBodies.load(this.reader, payload, boxed(clazz));
			if (this.server) {
				ServletRequests.confirmHeldClasses();
			}
			return loaded;
		}
		catch (CloudPickleBodyException ex) {
			throw failure(ex, inputMessage);
		}
	}

	/**
	 * A client's request body for a server it knows: pickled for that peer, and the
	 * request carries what the class-peer interceptor needs to confirm or send again.
	 */
	private byte[] pickle(Object value, HttpOutputMessage outputMessage) {
		if (this.server || this.classPeers == null || !(outputMessage instanceof HttpRequest request)) {
			return this.writer.dumps(value);
		}
		PeerClasses peer = this.classPeers.forOrigin(request.getURI());
		PeerPayload payload = this.writer.dumpsFor(peer, value);
		ClassPeers.announce(payload, request.getHeaders());
		request.getAttributes()
			.put(ClassPeers.Exchange.ATTRIBUTE, new ClassPeers.Exchange(peer, () -> this.writer.dumpsFor(peer, value)));
		return payload.bytes();
	}

	private RuntimeException failure(CloudPickleBodyException ex, HttpInputMessage inputMessage) {
		if (this.server) {
			return ex;
		}
		return new HttpMessageNotReadableException(ex.getMessage(), ex, inputMessage);
	}

	@Override
	public void write(Object value, @Nullable MediaType contentType, HttpOutputMessage outputMessage)
			throws IOException, HttpMessageNotWritableException {
		byte[] payload;
		try {
			payload = (value instanceof Pickled<?> pickled) ? pickled.bytes() : pickle(value, outputMessage);
		}
		catch (PickleException ex) {
			throw new HttpMessageNotWritableException("cannot pickle the body: " + ex.getMessage(), ex);
		}
		MediaType type = (contentType == null || contentType.isWildcardType() || contentType.isWildcardSubtype())
				? APPLICATION_CLOUDPICKLE : contentType;
		if (outputMessage.getHeaders().getContentType() == null) {
			outputMessage.getHeaders().setContentType(type);
		}
		outputMessage.getHeaders().setContentLength(payload.length);
		if (outputMessage instanceof StreamingHttpOutputMessage streaming) {
			streaming.setBody(new StreamingHttpOutputMessage.Body() {
				@Override
				public void writeTo(java.io.OutputStream out) throws IOException {
					out.write(payload);
				}

				@Override
				public boolean repeatable() {
					return true;
				}
			});
		}
		else {
			outputMessage.getBody().write(payload);
			outputMessage.getBody().flush();
		}
	}

	static Class<?> boxed(Class<?> type) {
		if (!type.isPrimitive()) {
			return type;
		}
		return java.lang.invoke.MethodType.methodType(type).wrap().returnType();
	}

	@Override
	public String toString() {
		return "CloudPickleHttpMessageConverter[" + (this.server ? "server" : "client") + ", read "
				+ (this.readEnabled ? "enabled" : "disabled") + "]";
	}

	/**
	 * The servlet request being served (Spring MVC keeps it in
	 * {@link RequestContextHolder}); a class of its own so that clients without the
	 * servlet API never load it.
	 */
	private static final class ServletRequests {

		/**
		 * The request as it arrived: its raw headers (Spring's
		 * {@code ServletServerHttpRequest} would add the charset a filter set to the
		 * {@code Content-Type}), its path and query as sent.
		 */
		static SignableRequest current() {
			RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
			if (attributes instanceof ServletRequestAttributes servlet) {
				HttpServletRequest request = servlet.getRequest();
				String query = request.getQueryString();
				URI target = URI.create(request.getRequestURI() + ((query != null) ? "?" + query : ""));
				return SignableRequest.of(request.getMethod(), target,
						(name) -> Collections.list(request.getHeaders(name)));
			}
			throw CloudPickleBodyException
				.refused(new PayloadSignatureException(PayloadSignatureException.Reason.MALFORMED,
						"the request signature cannot be verified outside a servlet request"));
		}

		/** The body was loaded: answers the classes its request announced as held. */
		static void confirmHeldClasses() {
			if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes servlet
					&& servlet.getResponse() != null) {
				String held = ClassPeers.held(servlet.getRequest().getHeader(ClassPeers.SHIPS_HEADER));
				if (held != null) {
					servlet.getResponse().setHeader(ClassPeers.HOLDS_HEADER, held);
				}
			}
		}

	}

}
