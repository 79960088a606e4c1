package io.cloudpickle.spring.http;

import java.io.IOException;
import java.io.InputStream;

import io.cloudpickle.PickleException;
import io.cloudpickle.spring.CloudPickleMediaTypes;
import io.cloudpickle.spring.PickleService;

import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.converter.HttpMessageNotWritableException;

/**
 * Reads and writes {@code application/x-cloudpickle} bodies through a
 * {@link PickleService}, for Spring MVC (server) and
 * {@code RestClient}/{@code RestTemplate} (client).
 *
 * <p>
 * Writing is always allowed. Reading is allowed only if the converter was created with
 * {@code readEnabled}: on the server that is verification keys configured in
 * {@code cloudpickle.security.*} or {@code cloudpickle.security.allow-unsigned=true},
 * because loading a payload runs code chosen by the caller. A server-side refusal is a
 * {@link CloudPickleBodyException} (400, 401, 403 or 413 problem detail, see
 * {@link CloudPickleBodyException#refused}); a client-side read failure is an
 * {@link HttpMessageNotReadableException}.
 *
 * <p>
 * Register it at the end of the converter list (as
 * {@link CloudPickleHttpMessageConvertersCustomizer} does) so that
 * {@code Accept: *}{@code /*} keeps choosing JSON.
 */
public class CloudPickleHttpMessageConverter extends AbstractHttpMessageConverter<Object> {

	/** {@code application/x-cloudpickle} as a {@link MediaType}. */
	public static final MediaType APPLICATION_CLOUDPICKLE = MediaType
		.asMediaType(CloudPickleMediaTypes.APPLICATION_CLOUDPICKLE);

	private final PickleService pickleService;

	private final boolean server;

	private final boolean readEnabled;

	private final long maxPayloadBytes;

	/**
	 * @param pickleService pickles and loads
	 * @param server whether this converter serves requests (failures become
	 * {@link CloudPickleBodyException})
	 * @param readEnabled whether bodies may be loaded at all
	 */
	public CloudPickleHttpMessageConverter(PickleService pickleService, boolean server, boolean readEnabled) {
		super(APPLICATION_CLOUDPICKLE);
		this.pickleService = pickleService;
		this.server = server;
		this.readEnabled = readEnabled;
		this.maxPayloadBytes = pickleService.limits().maxPayloadBytes();
	}

	/** Whether this converter loads bodies. */
	public boolean isReadEnabled() {
		return this.readEnabled;
	}

	@Override
	protected boolean supports(Class<?> clazz) {
		// Any type, but only for the explicit media type: the converter sits last in the
		// list. Error bodies stay
		// problem+json even when the client accepts only application/x-cloudpickle. Raw
		// bodies (byte[], buffers,
		// resources) are left to Spring's own converters, which come earlier in the list
		// anyway.
		return !ProblemDetail.class.isAssignableFrom(clazz) && !PickledBodies.isRaw(clazz);
	}

	@Override
	protected Object readInternal(Class<?> clazz, HttpInputMessage inputMessage)
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
			if (PickledBodies.isDeferred(clazz)) {
				return PickledBodies.verify(this.pickleService, payload, Object.class);
			}
			return PickledBodies.load(this.pickleService, payload, boxed(clazz));
		}
		catch (CloudPickleBodyException ex) {
			throw failure(ex, inputMessage);
		}
	}

	private RuntimeException failure(CloudPickleBodyException ex, HttpInputMessage inputMessage) {
		if (this.server) {
			return ex;
		}
		return new HttpMessageNotReadableException(ex.getMessage(), ex, inputMessage);
	}

	@Override
	protected void writeInternal(Object value, HttpOutputMessage outputMessage)
			throws IOException, HttpMessageNotWritableException {
		byte[] payload;
		try {
			payload = (value instanceof Pickled<?> pickled) ? pickled.bytes() : this.pickleService.dumps(value);
		}
		catch (PickleException ex) {
			throw new HttpMessageNotWritableException("cannot pickle the body: " + ex.getMessage(), ex);
		}
		outputMessage.getHeaders().setContentLength(payload.length);
		outputMessage.getBody().write(payload);
	}

	@Override
	protected Long getContentLength(Object value, MediaType contentType) {
		return null;
	}

	@Override
	protected boolean supportsRepeatableWrites(Object value) {
		return true;
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

}
