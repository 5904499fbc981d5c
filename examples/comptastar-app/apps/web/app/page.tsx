import { getConfig } from '@/lib/config';

// Read the configuration on each request, not once at build time.
export const dynamic = 'force-dynamic';

export default function Home() {
  const config = getConfig();
  return (
    <main>
      <h1>ComptaStar</h1>
      <p>La comptabilité en ligne des petites entreprises.</p>
      <ul>
        <li>Factures : {config.featureInvoices ? 'activées' : 'bientôt disponibles'}</li>
        <li>Taille maximale des justificatifs : {config.maxUploadMb} Mo</li>
        <li>
          Support : <a href={`mailto:${config.supportEmail}`}>{config.supportEmail}</a>
        </li>
      </ul>
    </main>
  );
}
