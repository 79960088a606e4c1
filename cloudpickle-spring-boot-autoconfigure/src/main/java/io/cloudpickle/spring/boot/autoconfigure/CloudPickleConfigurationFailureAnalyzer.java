package io.cloudpickle.spring.boot.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an invalid {@code cloudpickle.*} setting as one description and one action,
 * instead of the chain of bean creation exceptions that starts at whatever bean needed
 * cloudpickle first.
 */
class CloudPickleConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<CloudPickleConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, CloudPickleConfigurationException cause) {
		return new FailureAnalysis(
				"Invalid cloudpickle configuration: " + cause.getProperty() + " " + cause.getProblem() + ".",
				cause.getAction(), cause);
	}

}
