package com.acme.analytics.lambdas;

import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.util.concurrent.Callable;

/**
 * A task that describes, on the receiver, how a shipped lambda was rebuilt: whether it is
 * still Serializable, how many fields its (hidden) class has, how many captured arguments
 * its SerializedLambda reports, its nest host (the capturing class) and whether that host
 * was defined by the receiver's system loader.
 */
public final class LambdaProbe implements Callable<String> {

	private final Object lambda;

	public LambdaProbe(Object lambda) {
		this.lambda = lambda;
	}

	@Override
	public String call() throws Exception {
		Class<?> type = this.lambda.getClass();
		StringBuilder out = new StringBuilder();
		out.append("hidden=").append(type.isHidden());
		out.append(",serializable=").append(this.lambda instanceof Serializable);
		out.append(",fields=").append(type.getDeclaredFields().length);
		out.append(",host=").append(type.getNestHost().getName());
		out.append(",hostOnSystemLoader=")
			.append(type.getNestHost().getClassLoader() == ClassLoader.getSystemClassLoader());
		if (this.lambda instanceof Serializable) {
			Method writeReplace = type.getDeclaredMethod("writeReplace");
			writeReplace.setAccessible(true);
			SerializedLambda serialized = (SerializedLambda) writeReplace.invoke(this.lambda);
			out.append(",captured=").append(serialized.getCapturedArgCount());
			out.append(",impl=").append(serialized.getImplMethodName());
		}
		return out.toString();
	}

}
