package io.cloudpickle.spring.boot.autoconfigure;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/** The start-up warning when servers load unsigned payloads. */
final class SecurityWarning {

	private static final Log logger = LogFactory.getLog(SecurityWarning.class);

	private SecurityWarning() {
	}

	static void logIfUnsigned(CloudPickleSecurity security) {
		if (security.isAllowUnsigned()) {
			logger.warn("cloudpickle.security.allow-unsigned=true: this server loads unsigned "
					+ "application/x-cloudpickle request bodies, which runs code chosen by the caller. "
					+ "Accept them only from authenticated, trusted callers, or configure "
					+ "cloudpickle.security.hmac.keys / ed25519.public-keys and remove allow-unsigned.");
		}
	}

}
