import { useEffect } from 'react';
import { useLab } from '../api/context';
import { useApp } from '../stores/app';
import { useSources } from '../stores/sources';
import { HttpPanel } from './HttpPanel';
import { KafkaPanel } from './KafkaPanel';

/** Sources: the live inputs besides the simulator — a Kafka cluster and the HTTP push listener. */
export function SourcesView() {
  const lab = useLab();
  const fail = useApp((s) => s.fail);
  const setKafka = useSources((s) => s.setKafka);
  const setHttpStatus = useSources((s) => s.setHttpStatus);
  useEffect(() => {
    // Another window (or a CLI-started Lab) may already run them: ask, then follow the pushes.
    lab.kafkaStatus({}).then((kafkaStatus) => setKafka({ kafkaStatus }), fail);
    lab.httpStatus({}).then(setHttpStatus, fail);
    const offKafka = lab.on('kafka', (kafkaStatus) => setKafka({ kafkaStatus }));
    const offHttp = lab.on('http', setHttpStatus);
    return () => {
      offKafka();
      offHttp();
    };
  }, [lab, fail, setKafka, setHttpStatus]);
  return (
    <section className="sources" aria-label="Sources">
      <KafkaPanel />
      <HttpPanel />
    </section>
  );
}
