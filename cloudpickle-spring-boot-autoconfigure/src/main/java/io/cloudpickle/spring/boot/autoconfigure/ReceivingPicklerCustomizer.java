package io.cloudpickle.spring.boot.autoconfigure;

import io.cloudpickle.PickleLimits;
import io.cloudpickle.Pickler;
import io.cloudpickle.security.ClassGates;
import io.cloudpickle.security.PayloadSigner;
import io.cloudpickle.security.PayloadVerifier;

/**
 * The security half of {@code cloudpickle.security.*} and {@code cloudpickle.limits.*}
 * for the pickler that loads payloads received over the network: network limits, payload
 * signature verification and maximum age, class gates, no shadowing. Applied after every
 * {@link PicklerBuilderCustomizer}. The signing pickler gets {@link #signing} only.
 */
final class ReceivingPicklerCustomizer implements PicklerBuilderCustomizer {

	private final CloudPickleSecurity security;

	private final PickleLimits limits;

	ReceivingPicklerCustomizer(CloudPickleSecurity security, PickleLimits limits) {
		this.security = security;
		this.limits = limits;
	}

	@Override
	public void customize(Pickler.Builder builder) {
		builder.limits(this.limits);
		PayloadVerifier verifier = this.security.payloadVerifier();
		if (verifier != null) {
			builder.verifyWith(verifier)
				.requireSignature(!this.security.isAllowUnsigned())
				.maxPayloadAge(this.security.getMaxPayloadAge());
		}
		builder
			.classFilter(ClassGates.builder()
				.allowByValuePackages(this.security.getAllowedByValuePackages())
				.bytecodeLevel(this.security.getBytecodeLevel())
				.build())
			.refuseShadowedClasses(this.security.isRefuseShadowedClasses());
	}

	/** The customizer of the signing pickler: the signing key, if one is set. */
	static PicklerBuilderCustomizer signing(CloudPickleSecurity security) {
		return (builder) -> {
			PayloadSigner signer = security.payloadSigner();
			if (signer != null) {
				builder.signWith(signer);
			}
		};
	}

}
