// What is plugged in: starts a scan of USB devices, serial ports and kernel printer files,
// polls until it is done (showing how long it has run), and hands a chosen device to the form.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../shared/api/errors.ts';
import { call } from '../api-client.ts';
import { useFormat } from '../format.ts';
import { hexId, scanSeconds, sortUsb, type Discovery, type SerialPortInfo, type UsbDevice } from '../printing-view.ts';
import { ErrorAlert } from './error-alert.tsx';

const discoveryPollMs = 400;
/** A scan that has not finished by then is shown as it stands (the back end keeps it going). */
const discoveryWaitMs = 30_000;

export type FoundDevice = { kind: 'usb'; device: UsbDevice } | { kind: 'serial'; port: SerialPortInfo } | { kind: 'file'; path: string };

function useScan() {
  const [discovery, setDiscovery] = useState<Discovery | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [nowMs, setNowMs] = useState(() => Date.now());
  const alive = useRef(true);

  /** Asks, then polls while the scan runs; the first question of a till starts a scan. */
  const follow = useCallback(async (refresh: boolean) => {
    setError(null);
    let result = await call('printers.discover', { refresh });
    const deadline = Date.now() + discoveryWaitMs;
    while (result.ok && result.value.state === 'scanning' && alive.current && Date.now() < deadline) {
      setDiscovery(result.value);
      await new Promise((resolve) => setTimeout(resolve, discoveryPollMs));
      result = await call('printers.discover', { refresh: false });
    }
    if (!alive.current) return;
    if (result.ok) setDiscovery(result.value);
    else setError(result.error);
  }, []);

  useEffect(() => {
    alive.current = true;
    void follow(false);
    return () => {
      alive.current = false;
    };
  }, [follow]);
  const isScanning = discovery?.state === 'scanning';
  useEffect(() => {
    if (!isScanning) return;
    const timer = setInterval(() => setNowMs(Date.now()), 250);
    return () => clearInterval(timer);
  }, [isScanning]);
  return { discovery, error, nowMs, isScanning, scan: () => follow(true) };
}

function UseButton(props: { device: string; onUse: () => void }) {
  const { t } = useTranslation();
  return (
    <button type="button" className="button button-small" aria-label={t('printers.discovery.useThis', { device: props.device })} onClick={props.onUse}>
      {t('printers.discovery.use')}
    </button>
  );
}

function Found(props: { discovery: Discovery; onUse: (found: FoundDevice) => void }) {
  const { t } = useTranslation();
  const { discovery } = props;
  const usb = sortUsb(discovery.usb);
  return (
    <div className="discovery-lists">
      <section aria-label={t('printers.discovery.usb', { count: usb.length })}>
        <h3 className="section-title">{t('printers.discovery.usb', { count: usb.length })}</h3>
        {usb.length === 0 && <p className="muted small">{t('printers.discovery.noneFound')}</p>}
        <ul className="device-list">
          {usb.map((d) => {
            const name = `${hexId(d.vendorId)}:${hexId(d.productId)}`;
            return (
              <li key={`${d.busNumber}-${d.deviceAddress}`} data-testid="found-usb">
                <code>{name}</code>
                <span className="muted small">
                  bus {d.busNumber} · {d.deviceAddress}
                </span>
                {d.isPrinter && <span className="tag tag-valid">{t('printers.discovery.isPrinter')}</span>}
                {d.isKnownVendor && <span className="tag">{t('printers.discovery.knownVendor')}</span>}
                <UseButton device={`USB ${name}`} onUse={() => props.onUse({ kind: 'usb', device: d })} />
              </li>
            );
          })}
        </ul>
      </section>
      <section aria-label={t('printers.discovery.serial', { count: discovery.serial.length })}>
        <h3 className="section-title">{t('printers.discovery.serial', { count: discovery.serial.length })}</h3>
        {discovery.serial.length === 0 && <p className="muted small">{t('printers.discovery.noneFound')}</p>}
        <ul className="device-list">
          {discovery.serial.map((p) => (
            <li key={p.path} data-testid="found-serial">
              <code>{p.path}</code>
              <span className="muted small">{[p.manufacturer, p.serialNumber].filter(Boolean).join(' · ')}</span>
              <UseButton device={p.path} onUse={() => props.onUse({ kind: 'serial', port: p })} />
            </li>
          ))}
        </ul>
      </section>
      <section aria-label={t('printers.discovery.files', { count: discovery.files.length })}>
        <h3 className="section-title">{t('printers.discovery.files', { count: discovery.files.length })}</h3>
        {discovery.files.length === 0 && <p className="muted small">{t('printers.discovery.noneFound')}</p>}
        <ul className="device-list">
          {discovery.files.map((path) => (
            <li key={path} data-testid="found-file">
              <code>{path}</code>
              <UseButton device={path} onUse={() => props.onUse({ kind: 'file', path })} />
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

export function PrinterDiscovery(props: { onUse: (found: FoundDevice) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { discovery, error, nowMs, isScanning, scan } = useScan();
  return (
    <section className="panel discovery" aria-labelledby="discovery-title" data-testid="discovery">
      <div className="panel-head">
        <h2 id="discovery-title" className="panel-title">
          {t('printers.discovery.title')}
        </h2>
        <button type="button" className="button button-primary" onClick={() => void scan()} disabled={isScanning}>
          {discovery?.state === 'done' ? t('printers.discovery.again') : t('printers.discovery.start')}
        </button>
      </div>
      <p className="muted small" role="status" data-testid="discovery-state" data-state={discovery?.state ?? 'idle'}>
        {!discovery && t('printers.discovery.never')}
        {isScanning && discovery && (
          <>
            <span className="spinner" aria-hidden="true" /> {t('printers.discovery.scanning', { seconds: scanSeconds(discovery, nowMs) })}
          </>
        )}
        {discovery?.state === 'done' && discovery.finishedAtMs !== null && t('printers.discovery.done', { time: format.dateTime(discovery.finishedAtMs) })}
      </p>
      {isScanning && <progress className="discovery-progress" aria-label={t('printers.discovery.title')} />}
      <ErrorAlert error={error} />
      {discovery?.problems.map((p) => (
        <p key={p.source} className="alert small" data-testid="discovery-problem">
          {t('printers.discovery.problem', { source: p.source, detail: p.detail })}
        </p>
      ))}
      {discovery?.state === 'done' && <Found discovery={discovery} onUse={props.onUse} />}
    </section>
  );
}
