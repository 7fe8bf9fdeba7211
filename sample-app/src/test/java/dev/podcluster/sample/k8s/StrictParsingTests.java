package dev.podcluster.sample.k8s;

import io.fabric8.kubernetes.api.model.Service;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The manifest reader rejects what the API server would reject or silently drop, so the
 * other tests see every mistake.
 */
class StrictParsingTests {

	@Test
	void readsAValidObjectIntoItsTypedModel() {
		assertThat(Manifests.parse("valid", """
				apiVersion: v1
				kind: Service
				metadata:
				  name: app
				spec:
				  clusterIP: None
				  publishNotReadyAddresses: true
				  ports:
				    - name: hazelcast
				      port: 5701
				""")).singleElement().satisfies((manifest) -> {
			assertThat(manifest.id()).isEqualTo("Service/app");
			assertThat(((Service) manifest.object()).getSpec().getPublishNotReadyAddresses()).isTrue();
		});
	}

	@Test
	void misspeltFieldIsRejected() {
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> Manifests.parse("typo", """
				apiVersion: v1
				kind: Service
				metadata:
				  name: app
				spec:
				  clusterIP: None
				  publishNotReadyAddress: true
				""")).withMessageContaining("typo").withMessageContaining("publishNotReadyAddress");
	}

	@Test
	void unknownFieldDeepInAPodTemplateIsRejected() {
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> Manifests.parse("deep", """
				apiVersion: apps/v1
				kind: Deployment
				metadata:
				  name: app
				spec:
				  selector:
				    matchLabels: {app: a}
				  template:
				    metadata:
				      labels: {app: a}
				    spec:
				      containers:
				        - name: app
				          image: app
				          securityContext:
				            readOnlyRootFileSystem: true
				""")).withMessageContaining("readOnlyRootFileSystem");
	}

	@Test
	void quotedNumberIsRejected() {
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> Manifests.parse("quoted", """
				apiVersion: v1
				kind: Service
				metadata:
				  name: app
				spec:
				  ports:
				    - port: "5701"
				""")).withMessageContaining("spec.ports[0].port");
	}

	@Test
	void quantityWrittenAsNumberIsAccepted() {
		assertThat(Manifests.parse("quantity", """
				apiVersion: v1
				kind: Pod
				metadata:
				  name: app
				spec:
				  containers:
				    - name: app
				      image: app
				      resources:
				        requests:
				          cpu: 0.5
				          memory: 512Mi
				""")).hasSize(1);
	}

	@Test
	void kindWithoutTypedModelIsRejected() {
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> Manifests.parse("kind", """
				apiVersion: policy/v1
				kind: PodDisruptionBuget
				metadata:
				  name: app
				""")).withMessageContaining("PodDisruptionBuget");
	}

	@Test
	void duplicateKeyIsRejected() {
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> Manifests.parse("duplicate", """
				apiVersion: v1
				kind: ConfigMap
				metadata:
				  name: app
				data:
				  A: one
				  A: two
				""")).withMessageContaining("duplicate");
	}

	@Test
	void everyDocumentOfAMultiDocumentFileIsRead() {
		assertThat(Manifests.parse("multi", """
				apiVersion: v1
				kind: ConfigMap
				metadata:
				  name: one
				---
				apiVersion: v1
				kind: ConfigMap
				metadata:
				  name: two
				""")).extracting(Manifests.Manifest::id).containsExactly("ConfigMap/one", "ConfigMap/two");
	}

}
