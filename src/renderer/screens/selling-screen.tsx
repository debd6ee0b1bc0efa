// Selling: catalogue, basket and payment side by side; the sale's confirmation on top.
import { useEffect, useRef } from 'react';
import { CataloguePanel } from '../components/catalogue-panel.tsx';
import { BasketPanel } from '../components/basket-panel.tsx';
import { PaymentPanel } from '../components/payment-panel.tsx';
import { SaleDone } from '../components/sale-done.tsx';
import { useBasket } from '../stores/basket-store.ts';

export function SellingScreen() {
  const lastOrder = useBasket((s) => s.lastOrder);
  const finishSale = useBasket((s) => s.finishSale);
  const hadOrder = useRef(false);

  // the next customer: back to the catalogue search once the confirmation is closed
  useEffect(() => {
    if (lastOrder) hadOrder.current = true;
    else if (hadOrder.current) {
      hadOrder.current = false;
      document.getElementById('catalogue-search')?.focus();
    }
  }, [lastOrder]);
  return (
    <main className="selling">
      <CataloguePanel />
      <BasketPanel />
      <PaymentPanel />
      {lastOrder && <SaleDone order={lastOrder} onNext={finishSale} />}
    </main>
  );
}
