package io.cloudpickle.spring.testapp;

import io.cloudpickle.Pickler;
import io.cloudpickle.spring.CloudPickleMediaTypes;
import io.cloudpickle.spring.PickleService;
import com.example.fixtures.Closures;
import io.cloudpickle.spring.test.AutoConfigureCloudPickle;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.restclient.test.autoconfigure.RestClientTest;
import org.springframework.boot.test.autoconfigure.json.JsonTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.client.MockRestServiceServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.content;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.header;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.headerDoesNotExist;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.requestTo;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withSuccess;

/**
 * Test slices: {@code @RestClientTest} includes the converter (and the request signing
 * when a signing key is set); {@code @AutoConfigureCloudPickle} adds cloudpickle to a
 * slice that lacks it.
 */
class RestClientSliceTest {

	private static final MediaType PICKLE = MediaType
		.parseMediaType(CloudPickleMediaTypes.APPLICATION_CLOUDPICKLE_VALUE);

	private static byte[] answer(Object value) {
		return Pickler.builder().build().dumps(value);
	}

	@Nested
	@RestClientTest(JobClient.class)
	class Unsigned {

		@Autowired
		private JobClient client;

		@Autowired
		private MockRestServiceServer server;

		@Test
		void postsAPickledLambdaAndReadsThePickledAnswer() {
			this.server.expect(requestTo("http://compute.example/run"))
				.andExpect(header("Content-Type", PICKLE.toString()))
				.andExpect(headerDoesNotExist("Signature"))
				.andRespond(withSuccess(answer("done"), PICKLE));
			assertThat(this.client.run(Closures.countLongerThan(2))).isEqualTo("done");
			this.server.verify();
		}

	}

	@Nested
	@RestClientTest(components = JobClient.class,
			properties = { "cloudpickle.security.hmac.keys.k1=" + SignedRemoteClientServerTest.SECRET_BASE64,
					"cloudpickle.security.signing-key-id=k1" })
	class Signing {

		@Autowired
		private JobClient client;

		@Autowired
		private MockRestServiceServer server;

		@Test
		void requestsCarryAnRfc9421Signature() {
			this.server.expect(requestTo("http://compute.example/run"))
				.andExpect(header("Signature-Input",
						org.hamcrest.Matchers.startsWith("cloudpickle=(\"@method\" \"@path\" \"@query\" "
								+ "\"content-type\" \"content-digest\");created=")))
				.andExpect(header("Signature", org.hamcrest.Matchers.startsWith("cloudpickle=:")))
				.andExpect(header("Content-Digest", org.hamcrest.Matchers.startsWith("sha-256=:")))
				.andExpect(content().contentType(PICKLE))
				.andRespond(withSuccess(answer(42), PICKLE));
			assertThat(this.client.run(Closures.countLongerThan(2))).isEqualTo(42);
			this.server.verify();
		}

	}

	@Nested
	@JsonTest
	@AutoConfigureCloudPickle
	class CustomSlice {

		@Autowired
		private PickleService pickleService;

		@Test
		void aSliceWithoutCloudPickleGetsItFromTheAnnotation() {
			assertThat(this.pickleService.loads(this.pickleService.dumps("x"))).isEqualTo("x");
		}

	}

}
